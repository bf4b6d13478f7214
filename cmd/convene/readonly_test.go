package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadersNeverCreateAStore runs every command that only reads against a
// store that is not there: each fails with the same advice and leaves no
// folder or file behind.
func TestReadersNeverCreateAStore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "typo", "x.db")
	url := "sqlite://" + path
	for _, args := range [][]string{
		{"history"},
		{"diff"},
		{"diff", "1", "latest"},
		{"plan", "rotate", "secret/payments/db"},
		{"show", "payments/db"},
		{"findings"},
		{"export", "--format", "dot"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, code := run(t, append(args, "--store", url)...)
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s%s", code, stdout, stderr)
			}
			if want := "no store at " + path + "; `convene scan --save` creates one"; !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "typo")); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%v created the store's folder", args)
			}
		})
	}
}
