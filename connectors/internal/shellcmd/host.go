package shellcmd

import (
	"bufio"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Host is a scanned host tree: a folder laid out like a machine's root
// file system (etc/, var/, home/, root/), as a copy of /etc or a backup
// would be.
type Host struct {
	// Root is the tree's folder as the scan names it ("." for a scan of /
	// itself or of the tree from inside).
	Root string
	// Name is the host's name: the first line of <root>/etc/hostname, else
	// the configured name, else the name of the root folder.
	Name string
	// NameSource is "etc/hostname", "config" or "folder".
	NameSource string
}

// ID is the host's node ID, host:<name>.
func (h Host) ID() string { return "host:" + h.Name }

// NodeID returns the ID of a file on the host, host:<name>/<path on host>.
func (h Host) NodeID(onHost string) string { return h.ID() + onHost }

// Hosts finds the host tree a file lies in and caches host names, which
// cost a file read each.
type Hosts struct {
	// Configured, when set, names a tree that has no etc/hostname
	// (config's hosts.names); "" means not configured.
	Configured func(root string) string

	mu    sync.Mutex
	names map[string]Host
}

// Locate splits a scanned file's slash path at the last of the markers
// (host-relative folder prefixes such as "etc/cron.d/") it contains, and
// returns the host and the file's path on the host with a leading /. ok is
// false when no marker matches.
func (hs *Hosts) Locate(file string, markers ...string) (h Host, onHost string, ok bool) {
	root, onHost, ok := Split(file, markers...)
	if !ok {
		return Host{}, "", false
	}
	return hs.host(root), onHost, true
}

// Split is Locate without the host name, which costs a file read: the
// tree root as the scan names it and the path on the host. Claimers use
// it.
func Split(file string, markers ...string) (root, onHost string, ok bool) {
	p := "/" + strings.TrimPrefix(path.Clean(filepath.ToSlash(file)), "/")
	// The match ending last wins; of two ending together (lib/systemd/
	// inside usr/lib/systemd/) the longer one.
	best, bestEnd := -1, -1
	for _, m := range markers {
		i := strings.LastIndex(p, "/"+m)
		if i < 0 {
			continue
		}
		if end := i + 1 + len(m); end > bestEnd || end == bestEnd && i < best {
			best, bestEnd = i, end
		}
	}
	if best < 0 {
		return "", "", false
	}
	root, onHost = p[:best], p[best:]
	switch {
	case strings.HasPrefix(file, "/") && root == "":
		root = "/"
	case strings.HasPrefix(file, "/"):
	case root == "":
		root = "."
	default:
		root = root[1:]
	}
	return root, onHost, true
}

// host returns the host whose tree is root.
func (hs *Hosts) host(root string) Host {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	if h, ok := hs.names[root]; ok {
		return h
	}
	if hs.names == nil {
		hs.names = make(map[string]Host)
	}
	h := Host{Root: root, Name: readHostname(filepath.Join(filepath.FromSlash(root), "etc", "hostname")), NameSource: "etc/hostname"}
	if h.Name == "" && hs.Configured != nil {
		h.Name, h.NameSource = hs.Configured(root), "config"
	}
	if h.Name == "" {
		abs, err := filepath.Abs(filepath.FromSlash(root))
		if err != nil {
			abs = root
		}
		h.Name, h.NameSource = filepath.Base(abs), "folder"
	}
	hs.names[root] = h
	return h
}

// readHostname returns the first non-comment line of an etc/hostname
// file when it is a plausible host name, else "".
func readHostname(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if len(line) > 253 || strings.ContainsAny(line, " \t/\\:@") {
			return ""
		}
		return line
	}
	return ""
}

// Rel returns a scanned file's path relative to the host's root, without
// a leading / (etc/cron.d/backup): how inline-secret records name host
// files, so that the same host scanned from another folder records the
// same file. A file outside the tree is reduced to its base name, so that
// no path of the scanning machine is kept.
func (h Host) Rel(file string) string {
	p := path.Clean(filepath.ToSlash(file))
	switch root := path.Clean(h.Root); {
	case root == "/":
		return strings.TrimPrefix(p, "/")
	case root == "." && !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../"):
		return p
	case strings.HasPrefix(p, root+"/"):
		return p[len(root)+1:]
	}
	return path.Base(p)
}

// File returns the path, as the scan would name it, of a file given by
// its path on the host.
func (h Host) File(onHost string) string {
	return path.Join(h.Root, onHost)
}

// Home returns the home folder of user on a conventional Linux host.
func Home(user string) string {
	if user == "" || user == "root" {
		return "/root"
	}
	return "/home/" + user
}
