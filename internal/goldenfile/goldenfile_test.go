package goldenfile

import (
	"os"
	"path/filepath"
	"testing"
)

type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.out")
	os.WriteFile(path, []byte("same\n"), 0o644)
	r := &recorder{TB: t}
	Check(r, path, "same\n")
	if r.failed {
		t.Error("equal content failed")
	}
	Check(r, path, "different\n")
	if !r.failed {
		t.Error("different content passed")
	}
	r = &recorder{TB: t}
	Check(r, filepath.Join(t.TempDir(), "missing.out"), "x")
	if !r.failed {
		t.Error("a missing golden file passed")
	}
}
