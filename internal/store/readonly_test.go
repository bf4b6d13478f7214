package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenReadOnlyRefusesAMissingStore checks that a reader never creates a
// store, or a folder for one, and says how to make one.
func TestOpenReadOnlyRefusesAMissingStore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "typo", "x.db")
	_, err := OpenReadOnly(context.Background(), "sqlite://"+path)
	if !errors.Is(err, ErrNoStore) {
		t.Fatalf("err = %v, want ErrNoStore", err)
	}
	for _, want := range []string{"no store at " + path, "`convene scan --save` creates one"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a reader created the folder: %v", err)
	}
	// A file that is not a convene store is refused, not migrated.
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o600)
	if _, err := OpenReadOnly(context.Background(), "sqlite://"+empty); !errors.Is(err, ErrNoStore) {
		t.Errorf("empty file: err = %v, want ErrNoStore", err)
	}
	if fi, _ := os.Stat(empty); fi.Size() != 0 {
		t.Errorf("a reader wrote %d bytes into the empty file", fi.Size())
	}
}

func TestOpenReadOnlyReadsAndCannotWrite(t *testing.T) {
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			ctx := context.Background()
			url := be.url(t)
			if be.name == "postgres" {
				if _, err := OpenReadOnly(ctx, url); !errors.Is(err, ErrNoStore) {
					t.Errorf("empty database: err = %v, want ErrNoStore", err)
				}
			}
			w := open(t, url)
			saved, err := w.Save(ctx, estate("a", 5), Info{Source: "host"})
			if err != nil {
				t.Fatal(err)
			}
			w.Close()
			r, err := OpenReadOnly(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			g, _, err := r.Load(ctx, saved.ID)
			if err != nil || g.Len() != 5 {
				t.Fatalf("load: %v", err)
			}
			if _, err := r.Save(ctx, estate("b", 1), Info{}); err == nil {
				t.Error("a read-only store saved a snapshot")
			}
		})
	}
}

func TestPostgresURLGetsAConnectTimeout(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u@h/db":                     "postgres://u@h/db?connect_timeout=10",
		"postgres://u@h/db?connect_timeout=3":   "postgres://u@h/db?connect_timeout=3",
		"postgres://u@h/db?sslmode=disable":     "postgres://u@h/db?connect_timeout=10&sslmode=disable",
		"postgresql://u:pw@h:5433/db?x=1&y=two": "postgresql://u:pw@h:5433/db?connect_timeout=10&x=1&y=two",
	} {
		if got := withConnectTimeout(in); got != want {
			t.Errorf("withConnectTimeout(%q) = %q, want %q", in, got, want)
		}
	}
}
