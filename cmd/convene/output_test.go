package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/app"
)

// failWriter fails every write, as a full disk or a closed pipe does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// runTo runs convene in-process from the repository root with stdout w.
func runTo(t *testing.T, w io.Writer, args ...string) (stderr string, code int) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir("../.."); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var errb strings.Builder
	cmd := newRootCommandWith(&app.App{Stdout: w, Stderr: &errb})
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		errb.WriteString("convene: " + err.Error() + "\n")
	}
	return errb.String(), app.ExitCode(err)
}

// TestWriteErrorsFail checks that every command whose output cannot be
// written exits 1 and says why, whatever the format.
func TestWriteErrorsFail(t *testing.T) {
	dir := t.TempDir()
	storeURL := "sqlite://" + filepath.Join(dir, "store.db")
	estate := filepath.Join(dir, "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", estate, "--save", "--store", storeURL); code != 0 {
		t.Fatal(stderr)
	}
	outputs := map[string]func() io.Writer{"failing writer": func() io.Writer { return failWriter{} }}
	if f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0); err == nil {
		f.Close()
		outputs["/dev/full"] = func() io.Writer {
			f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}
	} else {
		t.Log("no /dev/full here: only the failing writer is used")
	}
	commands := [][]string{
		{"scan", "testdata/estate"},
		{"scan", "testdata/estate", "--out", "-"},
		{"plan", "rotate", "secret/payments/db", "--graph", estate},
		{"plan", "rotate", "secret/payments/db", "--graph", estate, "--format", "md"},
		{"plan", "rotate", "secret/payments/db", "--graph", estate, "--format", "json"},
		{"plan", "rotate", "secret/payments/db", "--graph", estate, "--format", "html"},
		{"plan", "rotate", "secret/payments/db", "--graph", estate, "--format", "dot"},
		{"findings", "--graph", estate},
		{"findings", "--graph", estate, "--format", "md"},
		{"findings", "--graph", estate, "--format", "sarif"},
		{"diff", estate, estate},
		{"diff", estate, estate, "--format", "md"},
		{"show", "--graph", estate, "payments/db"},
		{"export", "--graph", estate, "--format", "dot"},
		{"export", "--graph", estate, "--format", "json"},
		{"history", "--store", storeURL},
		{"connectors"},
		{"version"},
	}
	for name, out := range outputs {
		for _, args := range commands {
			t.Run(name+"/"+strings.Join(args, " "), func(t *testing.T) {
				stderr, code := runTo(t, out(), args...)
				if code != 1 {
					t.Errorf("exit %d, want 1\nstderr:\n%s", code, stderr)
				}
				if !strings.Contains(stderr, "no space left on device") {
					t.Errorf("stderr does not say why:\n%s", stderr)
				}
			})
		}
	}
}
