package srcfs

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMap(t *testing.T) {
	m := Map{
		"github.com/o/r/.github/workflows/ci.yml": []byte("on: push"),
		"github.com/o/r/ci/a.yml":                 []byte("a"),
		"github.com/o/r/ci/b.yml":                 []byte("b"),
	}
	if data, err := m.ReadFile("github.com/o/r/ci/../ci/a.yml"); err != nil || string(data) != "a" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if _, err := m.ReadFile("github.com/o/r/missing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile missing: %v, want ErrNotExist", err)
	}
	if fi, err := m.Stat("github.com/o/r/.github"); err != nil || !fi.IsDir() {
		t.Errorf("Stat folder = %v, %v", fi, err)
	}
	if _, err := m.Stat("github.com/o/r/.git"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat .git: %v, want ErrNotExist", err)
	}
	got, err := m.Glob("github.com/o/r/ci/*.yml")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"github.com/o/r/ci/a.yml", "github.com/o/r/ci/b.yml"}, got); diff != "" {
		t.Errorf("Glob (-want +got):\n%s", diff)
	}
	if Or(nil) != OS || Or(m) == nil {
		t.Error("Or")
	}
}
