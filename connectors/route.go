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
	"syscall"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/convene-dev/convene/graph"
)

// DefaultMaxFileSize is the largest file a walk reads unless told otherwise.
const DefaultMaxFileSize = 10 << 20

// DefaultMaxExportSize is the largest structured export (see ExportReader)
// a walk reads unless told otherwise: IAM authorization details of a large
// account and merged graph files run to hundreds of megabytes.
const DefaultMaxExportSize = 1 << 30

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
	// MaxFileSize is the largest file a walk reads, in bytes; 0 means
	// DefaultMaxFileSize. A file named as a path is read whatever its size.
	MaxFileSize int64
	// MaxExportSize is the largest file an ExportReader is given by a walk;
	// 0 means DefaultMaxExportSize.
	MaxExportSize int64
	// Exclude holds doublestar globs over slash-separated paths as the scan
	// names them; a matching file or folder is not read.
	Exclude []string
	// OneFileSystem keeps each walk on the filesystem its path is on.
	OneFileSystem bool
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
	// Pseudo counts the pseudo filesystems (/proc, /sys, /dev…) and
	// OtherFS the mount points left out by OneFileSystem.
	Pseudo, OtherFS int
	Diagnostics     []graph.Diagnostic
}

// Route walks each path and hands every file to the connectors that claim
// it. A path that is a file is offered to the claimers as it is, whatever
// its size; one that no connector claims is a diagnostic, since the user
// named it. A path that does not exist is an error; unreadable folders and
// files inside a walk are diagnostics and the walk goes on. Pseudo
// filesystems are never walked, and nothing but regular files is opened.
func Route(ctx context.Context, paths []string, conns []Connector, opts RouteOptions) (*Routing, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.MaxExportSize <= 0 {
		opts.MaxExportSize = DefaultMaxExportSize
	}
	for _, pat := range opts.Exclude {
		if !doublestar.ValidatePattern(pat) {
			return nil, fmt.Errorf("exclude pattern %q is not a valid glob", pat)
		}
	}
	r := &router{opts: opts, out: &Routing{Files: make(map[string][]string)}}
	for _, c := range conns {
		if fc, ok := c.(FileClaimer); ok {
			er, _ := c.(ExportReader)
			r.claimers = append(r.claimers, claimer{c.Name(), fc, er != nil && er.ReadsExports()})
		}
	}
	for _, root := range paths {
		if err := r.root(ctx, root); err != nil {
			return nil, err
		}
	}
	return r.out, nil
}

type claimer struct {
	name    string
	fc      FileClaimer
	exports bool
}

type router struct {
	opts     RouteOptions
	claimers []claimer
	out      *Routing
	// absRoot and rootDev describe the walk under way.
	root0, absRoot string
	rootDev        uint64
}

func (r *router) root(ctx context.Context, root string) error {
	info, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("scan %s: %w; check the path", root, err)
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			r.diag(root, fmt.Sprintf("not a regular file (%s); convene reads files only", kindOf(info.Mode())))
			return nil
		}
		if !r.file(filepath.ToSlash(root), info.Size(), true) {
			r.diag(root, "no connector reads this file; `convene connectors` lists what each one reads")
		}
		return nil
	}
	r.root0 = filepath.ToSlash(root)
	r.absRoot, _ = filepath.Abs(root)
	r.rootDev, _ = deviceOf(info)
	if name := pseudoFS(r.absRoot); name != "" {
		r.out.Pseudo++
		r.warn(root, fmt.Sprintf("%s is a pseudo filesystem (%s) and is not scanned; name the files in it you want read", root, name))
		return nil
	}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		return r.visit(filepath.ToSlash(path), d, err)
	})
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
		if path == r.root0 {
			return nil
		}
		if rel, err := filepath.Rel(filepath.FromSlash(r.root0), filepath.FromSlash(path)); err == nil && pseudoFS(filepath.Join(r.absRoot, rel)) != "" {
			r.out.Pseudo++
			return fs.SkipDir
		}
		if r.opts.OneFileSystem {
			if info, err := d.Info(); err == nil {
				if dev, ok := deviceOf(info); ok && dev != r.rootDev {
					r.out.OtherFS++
					return fs.SkipDir
				}
			}
		}
		return nil
	}
	info, err := os.Stat(path) // follows a symlink to its file
	switch {
	case errors.Is(err, syscall.ELOOP):
		r.warn(path, "symbolic link loop; skipped")
		return nil
	case err != nil || !info.Mode().IsRegular():
		return nil // a dangling link, a pipe, a socket or a device
	}
	r.file(path, info.Size(), false)
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

// file offers one file to the claimers and reports whether any took it. A
// file the user named is read whatever its size; one met by a walk is held
// to the size limits, the larger one for structured exports.
func (r *router) file(path string, size int64, named bool) bool {
	r.out.Seen++
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
	names, exporters := r.claim(path, head)
	if !named && size > r.opts.MaxFileSize {
		if len(exporters) == 0 || size > r.opts.MaxExportSize {
			r.out.TooLarge++
			switch {
			case len(exporters) > 0:
				r.diag(path, tooLarge(size, r.opts.MaxExportSize, "scan.max_export_size"))
			case len(names) > 0:
				r.diag(path, tooLarge(size, r.opts.MaxFileSize, "scan.max_file_size"))
			}
			return false
		}
		names = exporters
	}
	for _, n := range names {
		r.out.Files[n] = append(r.out.Files[n], path)
	}
	if len(names) > 0 {
		r.out.Routed++
	}
	return len(names) > 0
}

func tooLarge(size, limit int64, key string) string {
	return fmt.Sprintf("skipped: %d bytes is over the %d-byte limit of %s; name the file on the command line, or raise %s in convene.yaml, to read it", size, limit, key, key)
}

// claim returns the connectors that read the file, and those of them that
// read structured exports.
func (r *router) claim(path string, head []byte) (names, exporters []string) {
	for _, c := range r.claimers {
		if c.fc.Claims(path, head) && !slices.Contains(names, c.name) {
			names = append(names, c.name)
			if c.exports {
				exporters = append(exporters, c.name)
			}
		}
	}
	return names, exporters
}

func (r *router) diag(path, msg string) {
	r.out.Diagnostics = append(r.out.Diagnostics, graph.Diagnostic{
		Connector: "scan", File: path, Severity: graph.Error, Message: msg})
}

func (r *router) warn(path, msg string) {
	r.out.Diagnostics = append(r.out.Diagnostics, graph.Diagnostic{
		Connector: "scan", File: path, Severity: graph.Warning, Message: msg})
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a file"
}

func readHead(path string) ([]byte, error) {
	f, err := openNoBlock(path)
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
