package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLargeGraphFiles checks the size limits on a graph file over the 10 MB
// walk limit: named on the command line it is read, met in a walk it is read
// as a structured export, and over scan.max_export_size its skip names the
// setting.
func TestLargeGraphFiles(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", small); code != 0 {
		t.Fatal(stderr)
	}
	data, _ := os.ReadFile(small)
	exports := filepath.Join(dir, "exports")
	os.Mkdir(exports, 0o755)
	big := filepath.Join(exports, "big.json")
	// Trailing white space makes it large and leaves it a valid graph file.
	padded := append(bytes.TrimRight(data, "\n"), bytes.Repeat([]byte(" "), 11<<20)...)
	if err := os.WriteFile(big, append(padded, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "convene.yaml")
	os.WriteFile(cfg, []byte("version: 1\nscan:\n  max_export_size: 1048576\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"named", []string{"scan", big}, 0, "graph-file"},
		{"walked", []string{"scan", exports}, 0, "graph-file"},
		{"walked over the export limit", []string{"scan", exports, "--config", cfg}, 1, "big.json: error: skipped: " + "11"},
		{"named over the export limit", []string{"scan", big, "--config", cfg}, 0, "graph-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.want) {
				t.Errorf("exit %d, want %d; stdout lacks %q?\n%s%s", code, tt.code, tt.want, stdout, stderr)
			}
			if strings.Contains(stdout, "no connector reads this file") {
				t.Errorf("the graph file was not read:\n%s", stdout)
			}
			if tt.code == 1 && !strings.Contains(stdout, "over the 1048576-byte limit of scan.max_export_size") {
				t.Errorf("the skip does not name the setting:\n%s", stdout)
			}
		})
	}
}
