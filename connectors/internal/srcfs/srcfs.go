// Package srcfs is where file connectors read the files routed to them:
// the local disk for a scan, or files a live connector fetched from a
// platform's API (GitHub, GitLab) and named by a virtual path
// <host>/<owner>/<name>/<path in the repository>. Repository detection
// (connectors/internal/repo) reads such a path as that repository, so a
// file read live and the same file read from a checkout give the same IDs.
package srcfs

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// FS reads files by the names a scan gives them.
type FS interface {
	ReadFile(name string) ([]byte, error)
	Stat(name string) (fs.FileInfo, error)
	// Glob returns the names matching a filepath.Match pattern.
	Glob(pattern string) ([]string, error)
}

// OS is the local disk.
var OS FS = osFS{}

type osFS struct{}

func (osFS) ReadFile(name string) ([]byte, error)  { return os.ReadFile(name) }
func (osFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }
func (osFS) Glob(pattern string) ([]string, error) { return filepath.Glob(pattern) }

// Or returns fsys, or OS when fsys is nil.
func Or(fsys FS) FS {
	if fsys == nil {
		return OS
	}
	return fsys
}

// Map is an in-memory tree: slash-separated virtual paths to contents.
// Folders exist implicitly, as prefixes of the files' paths.
type Map map[string][]byte

// ReadFile returns the contents of a file.
func (m Map) ReadFile(name string) ([]byte, error) {
	data, ok := m[clean(name)]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return slices.Clone(data), nil
}

// Stat describes a file, or a folder some file lies under.
func (m Map) Stat(name string) (fs.FileInfo, error) {
	name = clean(name)
	if data, ok := m[name]; ok {
		return info{name: path.Base(name), size: int64(len(data))}, nil
	}
	for k := range m {
		if strings.HasPrefix(k, name+"/") {
			return info{name: path.Base(name), dir: true}, nil
		}
	}
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
}

// Glob returns the files matching pattern, sorted.
func (m Map) Glob(pattern string) ([]string, error) {
	pattern = clean(pattern)
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, err
	}
	var out []string
	for k := range m {
		if ok, _ := path.Match(pattern, k); ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out, nil
}

// Paths returns the files' paths, sorted.
func (m Map) Paths() []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func clean(name string) string { return path.Clean(filepath.ToSlash(name)) }

type info struct {
	name string
	size int64
	dir  bool
}

func (i info) Name() string { return i.name }
func (i info) Size() int64  { return i.size }
func (i info) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.dir }
func (i info) Sys() any           { return nil }
