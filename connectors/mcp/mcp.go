// Package mcp reads Model Context Protocol client configurations — the
// .mcp.json of a repository, VS Code's and Cursor's mcp.json, Claude
// Desktop's claude_desktop_config.json and the like — and maps each MCP
// server as a workload of type mcp-server: what it runs or reaches, where
// it is configured, and the credentials it is given (environment
// variables, prompted inputs, headers, connection strings). Credentials
// written into the file are kept as fingerprints, never as values.
// docs/agents.md is the reference.
package mcp

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/mcpconf"
	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "mcp"

// Connector reads MCP configuration files.
type Connector struct {
	hosts *shellcmd.Hosts
}

// New returns the MCP configuration connector; cfg (nil for the defaults)
// names host trees without etc/hostname, for configurations in home
// folders.
func New(cfg *config.Config) *Connector {
	c := &Connector{hosts: &shellcmd.Hosts{}}
	if cfg != nil {
		c.hosts.Configured = cfg.Hosts.NameFor
	}
	return c
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "MCP client configurations (.mcp.json, .vscode/mcp.json, .cursor/mcp.json, claude_desktop_config.json, mcp-config.json, Windsurf, Gemini CLI, Cline, Roo, Amazon Q): servers, the packages or URLs they run, the credentials they are given",
		"read access to the repository checkouts or home folders"
}

// alwaysMCP are file names that are MCP configurations by name alone.
var alwaysMCP = map[string]bool{
	".mcp.json": true, "mcp-config.json": true, "mcp_config.json": true, "claude_desktop_config.json": true,
	"cline_mcp_settings.json": true, "mcp_settings.json": true,
}

// serverMap matches the opening of a server map in a file's first bytes.
var serverMap = regexp.MustCompile(`"(mcpServers|servers)"\s*:\s*\{`)

// vscodeMCP matches the "mcp" object of VS Code settings.
var vscodeMCP = regexp.MustCompile(`"mcp"\s*:\s*\{`)

// Claims takes MCP configurations by name (.mcp.json, claude_desktop_config.json,
// mcp-config.json and the other documented names), mcp.json files that hold
// a server map, the settings files of Gemini CLI, Claude Code and VS Code
// that hold one, and any other JSON file whose first bytes open an
// "mcpServers" map.
func (*Connector) Claims(p string, head []byte) bool {
	base := path.Base(p)
	if alwaysMCP[base] {
		return true
	}
	if !strings.HasSuffix(base, ".json") || head == nil {
		return false
	}
	switch {
	case base == "mcp.json" || base == ".claude.json":
		return serverMap.Match(head)
	case base == "settings.json" && path.Base(path.Dir(p)) == ".vscode":
		return vscodeMCP.Match(head)
	}
	return strings.Contains(string(head), `"mcpServers"`) && serverMap.Match(head)
}

// Discover reads every file; a file it cannot parse is a diagnostic.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.discoverFile(filepath.ToSlash(f), b, nil)
	}
	return nil
}

// discoverFile reads one file into b. pl names where it lives when the
// caller knows (tests of flattened corpus files); nil works it out.
func (c *Connector) discoverFile(file string, b *graph.Builder, pl *place) {
	diag := func(line int, sev graph.Severity, msg string) {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: max(line, 1), Severity: sev, Message: msg})
	}
	data, err := os.ReadFile(filepath.FromSlash(file))
	if err != nil {
		diag(0, graph.Error, fmt.Sprintf("cannot read MCP configuration: %v; file skipped", err))
		return
	}
	cfg, err := mcpconf.Parse(data)
	if err != nil {
		msg := err.Error()
		line := 1
		if pe, ok := err.(*mcpconf.ParseError); ok {
			line, msg = pe.Line, pe.Msg
		}
		diag(line, graph.Error, "invalid MCP configuration: "+msg+"; fix the JSON (the client would reject it too); file skipped")
		return
	}
	for _, w := range cfg.Warnings {
		diag(w.Line, graph.Warning, w.Msg)
	}
	if pl == nil {
		p := c.locate(file, cfg.Layout)
		pl = &p
	}
	e := &emitter{b: b, pl: *pl, file: file, cfg: cfg}
	e.emit()
	for _, w := range e.warns {
		diag(w.Line, graph.Warning, w.Msg)
	}
}
