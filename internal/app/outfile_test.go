package app

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func commit(t *testing.T, dest, content string) error {
	t.Helper()
	f, err := createAtomic(dest)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
	return f.Commit()
}

func TestAtomicOutFollowsSymlinkAndKeepsMode(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.json")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(real, 0o644)
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("real.json", link); err != nil {
		t.Fatal(err)
	}
	if err := commit(t, link, "new"); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", fi.Mode(), err)
	}
	got, _ := os.ReadFile(real)
	if string(got) != "new" {
		t.Errorf("target holds %q, want new", got)
	}
	if fi, _ := os.Stat(real); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want the file's own 0644", fi.Mode().Perm())
	}
	// No temporary file is left beside it.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d entries, want 2", len(entries))
	}
}

func TestAtomicOutDanglingSymlinkCreatesTarget(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "link.json")
	os.Symlink("made.json", link)
	if err := commit(t, link, "x"); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "made.json")); string(got) != "x" {
		t.Errorf("target holds %q", got)
	}
}

func TestAtomicOutRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, dest, want string
	}{
		{"folder", dir, "is a folder"},
		{"folder with slash", dir + "/", "is a folder"},
		{"missing folder", filepath.Join(dir, "nope") + "/", "does not exist"},
		{"missing parent", filepath.Join(dir, "nope", "g.json"), "does not exist"},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests, struct{ name, dest, want string }{"device", os.DevNull, "not a regular file"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := createAtomic(tt.dest)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeDevice == 0 {
		t.Errorf("%s is no longer a device: %v", os.DevNull, fi.Mode())
	}
}

func TestAtomicOutNewFileIsPrivate(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "g.json")
	if err := commit(t, dest, "x"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(dest); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
}
