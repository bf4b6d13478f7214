package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// temporary holds the temporary files not yet committed or aborted, so that
// an interrupt that cannot wait for a command to stop still removes them.
var temporary sync.Map

// RemoveTemporaryFiles removes every temporary output file still open; the
// command line calls it before exiting on an interrupt.
func RemoveTemporaryFiles() {
	temporary.Range(func(k, _ any) bool {
		os.Remove(k.(string))
		return true
	})
}

// atomicFile writes to a temporary file beside the destination and renames
// it into place on Commit, so a failed or interrupted run never leaves a
// half-written file. The destination is resolved first: a symlink is
// followed to the file it names, an existing file keeps its mode (and, for
// root, its owner), and anything that is not a regular file is refused
// before any work is done.
type atomicFile struct {
	*os.File
	dest string // the resolved path the rename replaces
	name string // the path as the user gave it, for messages
}

// maxLinks bounds how many symlinks resolveOut follows, as the kernel does.
const maxLinks = 40

// resolveOut follows dest's symlinks to the path the data must land at,
// even when the last link dangles (the file is then created).
func resolveOut(dest string) (string, error) {
	path := dest
	for range maxLinks {
		fi, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		link, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(path), link)
		}
		path = link
	}
	return "", fmt.Errorf("too many symbolic links")
}

// createAtomic checks the --out path and opens the temporary file beside
// it. Every refusal says what to do instead.
func createAtomic(dest string) (*atomicFile, error) {
	if strings.HasSuffix(dest, "/") || strings.HasSuffix(dest, string(filepath.Separator)) {
		if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
			return nil, fmt.Errorf("--out %s is a folder; name a file in it, e.g. %s", dest, filepath.Join(dest, "graph.json"))
		}
		return nil, fmt.Errorf("--out %s: folder %s does not exist; create it, or name a file", dest, strings.TrimRight(dest, `/\`))
	}
	target, err := resolveOut(dest)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w; name a regular file", dest, errors.Unwrap(err))
	}
	mode := fs.FileMode(0o600) // a new graph file is private: it maps who can reach what
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("--out %s is a folder; name a file in it, e.g. %s", dest, filepath.Join(dest, "graph.json"))
	case err == nil && !fi.Mode().IsRegular():
		return nil, fmt.Errorf("--out %s is not a regular file (%s); convene replaces files only: name a file, or use --out - to write to standard output", dest, kindOf(fi.Mode()))
	case err == nil:
		mode = fi.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("--out %s: %w; choose a writable path", dest, errors.Unwrap(err))
	}
	dir := filepath.Dir(target)
	if di, err := os.Stat(dir); err != nil || !di.IsDir() {
		return nil, fmt.Errorf("--out %s: folder %s does not exist; create it first", dest, dir)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w; choose a writable path for --out", dest, errors.Unwrap(err))
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("cannot write %s: %w", dest, err)
	}
	if fi != nil {
		keepOwner(f, fi)
	}
	temporary.Store(f.Name(), true)
	return &atomicFile{File: f, dest: target, name: dest}, nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a file"
}

// Commit flushes the data to disk, renames it over the destination and
// flushes the folder, so that after a crash the path holds either the old
// file or the whole new one.
func (f *atomicFile) Commit() error {
	defer temporary.Delete(f.Name())
	fail := func(err error) error {
		f.File.Close()
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.name, err)
	}
	if err := f.File.Sync(); err != nil {
		return fail(err)
	}
	if err := f.File.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(f.Name(), f.dest); err != nil {
		return fail(err)
	}
	return syncDir(filepath.Dir(f.dest))
}

// Abort removes the temporary file; after Commit it does nothing.
func (f *atomicFile) Abort() {
	temporary.Delete(f.Name())
	f.File.Close()
	os.Remove(f.Name())
}
