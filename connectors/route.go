package connectors

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/convene-dev/convene/graph"
)

// DefaultMaxFileSize is the largest file a scan reads unless told otherwise.
const DefaultMaxFileSize = 10 << 20

// headSize is how much of a file claimers see, and where binary files are
// recognised: a NUL byte in it marks the file as binary, as Git decides.
const headSize = 8 << 10

// skippedDirs are never entered: version control, vendored and generated
// trees.
var skippedDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "node_modules": true, "vendor": true,
	".terraform": true, "__pycache__": true, ".venv": true,
}

// RouteOptions tunes how a scan walks its paths.
type RouteOptions struct {
	// MaxFileSize is the largest file read, in bytes; 0 means
	// DefaultMaxFileSize.
	MaxFileSize int64
	// Exclude holds doublestar globs over slash-separated paths as the scan
	// names them; a matching file or folder is not read.
	Exclude []string
}

// Routing is what a walk found: the files each connector claimed, and what
// was left out.
type Routing struct {
	// Files maps a connector name to the files it claimed, in walk order.
	Files map[string][]string
	// Seen counts the files met; Routed those at least one connector took.
	Seen, Routed int
	// Binary, TooLarge and Unreadable count files left out for those
	// reasons; only large or unreadable files a connector wanted are also
	// diagnostics.
	Binary, TooLarge, Unreadable int
	Diagnostics                  []graph.Diagnostic
}

// Route walks each path and hands every file to the connectors that claim
// it. A path that is a file is offered to the claimers as it is; one that no
// connector claims is a diagnostic, since the user named it. A path that does
// not exist is an error; unreadable folders and files inside a walk are
// diagnostics and the walk goes on.
func Route(ctx context.Context, paths []string, conns []Connector, opts RouteOptions) (*Routing, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	for _, pat := range opts.Exclude {
		if !doublestar.ValidatePattern(pat) {
			return nil, fmt.Errorf("exclude pattern %q is not a valid glob", pat)
		}
	}
	r := &router{opts: opts, out: &Routing{Files: make(map[string][]string)}}
	for _, c := range conns {
		if fc, ok := c.(FileClaimer); ok {
			r.claimers = append(r.claimers, claimer{c.Name(), fc})
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w; check the path", root, err)
		}
		if !info.IsDir() {
			if !r.file(filepath.ToSlash(root), info.Size()) {
				r.diag(root, "no connector reads this file; `convene connectors` lists what each one reads")
			}
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			return r.visit(filepath.ToSlash(path), d, err)
		})
		if err != nil {
			return nil, err
		}
	}
	return r.out, nil
}

type claimer struct {
	name string
	fc   FileClaimer
}

type router struct {
	opts     RouteOptions
	claimers []claimer
	out      *Routing
}

func (r *router) visit(path string, d fs.DirEntry, err error) error {
	if err != nil {
		r.diag(path, fmt.Sprintf("cannot read: %v; give convene read access or exclude it", errors.Unwrap(err)))
		if d != nil && d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	if r.excluded(path) {
		if d.IsDir() {
			return fs.SkipDir
		}
		return nil
	}
	if d.IsDir() {
		if skippedDirs[d.Name()] {
			return fs.SkipDir
		}
		return nil
	}
	info, err := os.Stat(path) // follows a symlink to its file
	if err != nil || !info.Mode().IsRegular() {
		return nil
	}
	r.file(path, info.Size())
	return nil
}

func (r *router) excluded(path string) bool {
	for _, pat := range r.opts.Exclude {
		if ok, _ := doublestar.Match(pat, path); ok {
			return true
		}
	}
	return false
}

// file offers one file to the claimers and reports whether any took it.
func (r *router) file(path string, size int64) bool {
	r.out.Seen++
	if size > r.opts.MaxFileSize {
		r.out.TooLarge++
		if names := r.claim(path, nil); len(names) > 0 {
			r.diag(path, fmt.Sprintf("skipped: %d bytes is over the %d-byte limit; raise scan.max_file_size in convene.yaml to read it", size, r.opts.MaxFileSize))
		}
		return false
	}
	head, err := readHead(path)
	if err != nil {
		r.out.Unreadable++
		r.diag(path, fmt.Sprintf("cannot read: %v; give convene read access or exclude it", err))
		return false
	}
	head = gunzipHead(head)
	if bytes.IndexByte(head, 0) >= 0 {
		r.out.Binary++
		return false
	}
	names := r.claim(path, head)
	for _, n := range names {
		r.out.Files[n] = append(r.out.Files[n], path)
	}
	if len(names) > 0 {
		r.out.Routed++
	}
	return len(names) > 0
}

func (r *router) claim(path string, head []byte) []string {
	var names []string
	for _, c := range r.claimers {
		if c.fc.Claims(path, head) && !slices.Contains(names, c.name) {
			names = append(names, c.name)
		}
	}
	return names
}

func (r *router) diag(path, msg string) {
	r.out.Diagnostics = append(r.out.Diagnostics, graph.Diagnostic{
		Connector: "scan", File: path, Severity: graph.Error, Message: msg})
}

func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, headSize)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:n], nil
}
