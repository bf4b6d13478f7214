// Package repo works out which Git repository a scanned file belongs to, so
// that CI and ownership connectors name repositories the same way.
//
// A repository is identified by host, owner and name, from the first of:
// the remote "origin" (else the first remote) in the checkout's .git/config;
// a path laid out as <host>/<owner>/<name> (the layout of ghq and of Go's
// old GOPATH, and of the sample estate); the checkout's folder name, with no
// host or owner.
package repo

import (
	"bufio"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Repo identifies a repository and where its checkout is.
type Repo struct {
	Host, Owner, Name string
	// Root is the checkout's folder, as the scan named it.
	Root string
	// Source says how the identity was found: "git-remote", "path" or
	// "folder".
	Source string
}

// ID is the repository's node ID: host/owner/name, or the bare folder name
// when host and owner are unknown.
func (r Repo) ID() string {
	if r.Host == "" {
		return "repo:" + r.Name
	}
	return r.Host + "/" + r.Owner + "/" + r.Name
}

// Slug is owner/name, as OIDC subjects and CODEOWNERS teams spell it.
func (r Repo) Slug() string {
	if r.Owner == "" {
		return r.Name
	}
	return r.Owner + "/" + r.Name
}

// Identify returns the repository whose checkout is root.
func Identify(root string) Repo {
	root = filepath.Clean(root)
	r := Repo{Root: filepath.ToSlash(root), Name: filepath.Base(root)}
	if host, owner, name, ok := fromGitConfig(filepath.Join(root, ".git")); ok {
		r.Host, r.Owner, r.Name, r.Source = host, owner, name, "git-remote"
		return r
	}
	if Layout(root) {
		owner := filepath.Dir(root)
		r.Host, r.Owner, r.Source = filepath.Base(filepath.Dir(owner)), filepath.Base(owner), "path"
		return r
	}
	if host, owner, ok := gitLabSubgroup(root); ok {
		r.Host, r.Owner, r.Source = host, owner, "path"
		return r
	}
	r.Source = "folder"
	return r
}

// gitLabSubgroup reads a checkout laid out as <host>/<group>/<subgroup>.../<name>
// on a GitLab host (one whose name holds "gitlab"), the only kind whose
// owners nest: the layout of ghq and of files the gitlab connector fetched.
// Only Identify reads it, for a root found otherwise (a pipeline file's
// folder), since a folder inside a checkout would look the same.
func gitLabSubgroup(root string) (host, owner string, ok bool) {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(root)), "/")
	for i := len(parts) - 4; i >= 0; i-- {
		if looksLikeHost(parts[i]) && strings.Contains(parts[i], "gitlab") {
			return parts[i], strings.Join(parts[i+1:len(parts)-1], "/"), true
		}
	}
	return "", "", false
}

// RootOf finds the checkout a file lies in. Going up from the file's
// folder, the first of these wins: the folder holding a .github or .gitlab
// folder the file is under; a folder holding .git; a folder laid out as
// <host>/<owner>/<name>. With none, the file's own folder. The nearest
// answer is taken so that fixtures and sample estates kept inside another
// checkout are not mistaken for it.
func RootOf(file string) string {
	dir := filepath.Dir(filepath.Clean(file))
	parts := strings.Split(filepath.ToSlash(dir), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		if parts[i] == ".github" || parts[i] == ".gitlab" {
			return filepath.FromSlash(strings.Join(parts[:i], "/"))
		}
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if Layout(d) {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return dir
}

// Layout reports whether dir is laid out as <host>/<owner>/<name>: the
// folder two levels up is named like a host, and is not itself the name
// of a repository in such a layout. Repository names may hold dots
// (github.com/org/socket.io): in github.com/org/name.with.dots/a/b the
// folder b is not a repository "b" of owner "a" on host name.with.dots.
func Layout(dir string) bool {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(dir)), "/")
	return hostAt(parts, len(parts)-3)
}

// hostAt reports whether parts[i] is a host in a <host>/<owner>/<name>
// layout: named like one, and not the name of a repository two levels
// below a host itself.
func hostAt(parts []string, i int) bool {
	if i < 0 || !looksLikeHost(parts[i]) {
		return false
	}
	return !hostAt(parts, i-2)
}

// looksLikeHost reports whether a folder name is a host name such as
// github.com or gitlab.example.com.
func looksLikeHost(name string) bool {
	if !strings.Contains(name, ".") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") {
		return false
	}
	for _, r := range name {
		if !(r == '.' || r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// fromGitConfig reads the remote URL from a .git folder (or a .git file
// pointing at one, as worktrees and submodules have).
func fromGitConfig(gitPath string) (host, owner, name string, ok bool) {
	if data, err := os.ReadFile(gitPath); err == nil { // a .git file
		if dir, found := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir: "); found {
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(filepath.Dir(gitPath), dir)
			}
			gitPath = dir
		}
	}
	f, err := os.Open(filepath.Join(gitPath, "config"))
	if err != nil {
		return "", "", "", false
	}
	defer f.Close()
	remotes := map[string]string{}
	var first, section string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "["):
			section = line
		case strings.HasPrefix(section, `[remote "`):
			k, v, found := strings.Cut(line, "=")
			if found && strings.TrimSpace(k) == "url" {
				name := strings.TrimSuffix(strings.TrimPrefix(section, `[remote "`), `"]`)
				remotes[name] = strings.TrimSpace(v)
				if first == "" {
					first = name
				}
			}
		}
	}
	u := remotes["origin"]
	if u == "" {
		u = remotes[first]
	}
	return ParseRemote(u)
}

// ParseRemote splits a Git remote URL — https, ssh or scp-like
// (git@host:owner/name.git) — into host, owner and name. The owner is every
// path segment before the name, so GitLab subgroups are kept.
func ParseRemote(remote string) (host, owner, name string, ok bool) {
	if remote == "" {
		return "", "", "", false
	}
	var path string
	if u, err := url.Parse(remote); err == nil && u.Host != "" {
		host, path = u.Hostname(), u.Path
	} else if at := strings.Index(remote, "@"); at >= 0 && strings.Contains(remote[at:], ":") {
		rest := remote[at+1:]
		host, path, _ = strings.Cut(rest, ":")
	} else {
		return "", "", "", false
	}
	path = strings.Trim(strings.TrimSuffix(strings.Trim(path, "/"), ".git"), "/")
	i := strings.LastIndex(path, "/")
	if host == "" || i <= 0 {
		return "", "", "", false
	}
	return strings.ToLower(host), path[:i], path[i+1:], true
}
