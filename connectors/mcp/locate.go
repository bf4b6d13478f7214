package mcp

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/connectors/internal/shellcmd"
)

// place is where a configuration lives: a repository (the project's
// configuration, shared by everyone who opens it) or a user's home folder
// on a host (a personal one).
type place struct {
	// LocID, LocName and LocType name the location node: a git-repo or
	// a host.
	LocID, LocName, LocType string
	// IdentifiedBy says how the location was found.
	IdentifiedBy string
	// Rel is the file's path in the repository, or on the host with a
	// leading slash: never a path of the scanning machine.
	Rel string
	// Scope is "repository" or "user".
	Scope string
}

// ConfigID is the configuration file's ID, the prefix of its servers'.
func (p place) ConfigID() string {
	if p.Scope == "user" {
		return p.LocID + p.Rel
	}
	return p.LocID + "/" + p.Rel
}

// toolDirs are folders of client settings inside a checkout or a home:
// the repository or home is the folder above them.
var toolDirs = map[string]bool{".vscode": true, ".cursor": true, ".roo": true, ".amazonq": true, ".gemini": true,
	".claude": true, ".copilot": true, ".codeium": true, ".kiro": true}

// homeMarkers are the folders of a host tree that hold home folders.
var homeMarkers = []string{"home/", "Users/", "root/"}

// locate works out where file lives. A file in a user's home folder
// (home/<user>/.cursor/mcp.json, Users/<user>/Library/Application
// Support/Claude/…) belongs to that host; any other to the repository
// around it.
func (c *Connector) locate(file, layout string) place {
	if _, onHost, ok := shellcmd.Split(file, homeMarkers...); ok && inHomeSettings(onHost) {
		h, _, _ := c.hosts.Locate(file, homeMarkers...)
		return place{LocID: h.ID(), LocName: h.Name, LocType: "host", IdentifiedBy: h.NameSource, Rel: onHost, Scope: "user"}
	}
	root := repo.RootOf(file)
	for toolDirs[filepath.Base(root)] {
		root = filepath.Dir(root)
	}
	var r repo.Repo
	if root == "." {
		abs, err := filepath.Abs(".")
		if err != nil {
			abs = "."
		}
		r = repo.Identify(abs)
		r.Root = "."
	} else {
		r = repo.Identify(root)
	}
	rel := strings.TrimPrefix(file, r.Root+"/")
	if r.Root == "." {
		rel = strings.TrimPrefix(file, "./")
	}
	return place{LocID: r.ID(), LocName: r.Slug(), LocType: "git-repo", IdentifiedBy: r.Source, Rel: rel, Scope: "repository"}
}

// inHomeSettings reports whether a path on a host is a settings file
// directly in a home folder's dot folders or application data, rather
// than in a checkout kept under the home folder.
func inHomeSettings(onHost string) bool {
	parts := strings.Split(strings.TrimPrefix(onHost, "/"), "/")
	var rest []string
	switch {
	case parts[0] == "root" && len(parts) > 1:
		rest = parts[1:]
	case (parts[0] == "home" || parts[0] == "Users") && len(parts) > 2:
		rest = parts[2:]
	default:
		return false
	}
	first := rest[0]
	return strings.HasPrefix(first, ".") || first == "Library" || first == "AppData"
}

// client names the program that reads a configuration, from its name and
// folder and, for a plain mcp.json, its layout.
func client(rel, layout string) string {
	base := path.Base(rel)
	dir := path.Base(path.Dir(rel))
	switch {
	case base == "claude_desktop_config.json":
		return "claude-desktop"
	case base == ".mcp.json" || base == ".claude.json":
		return "claude-code"
	case base == "cline_mcp_settings.json":
		return "cline"
	case base == "mcp_config.json" && dir == "windsurf":
		return "windsurf"
	case base == "mcp-config.json" && dir == ".copilot":
		return "copilot-cli"
	case base == "settings.json" && dir == ".gemini":
		return "gemini-cli"
	case base == "settings.json" && dir == ".vscode":
		return "vscode"
	case base == "mcp.json" || base == "mcp_settings.json":
		switch dir {
		case ".vscode":
			return "vscode"
		case ".cursor":
			return "cursor"
		case ".roo":
			return "roo-code"
		case ".amazonq":
			return "amazon-q"
		case ".kiro", "settings":
			return "kiro"
		}
		if layout == "servers" {
			return "vscode"
		}
	}
	return "generic"
}
