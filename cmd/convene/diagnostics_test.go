package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiagnosticsFileAndSummaryLimit scans forty broken workflows: the
// summary shows a few and counts the rest, the --diagnostics file holds
// every one as JSON lines, and the connector that read nothing is not ok.
func TestDiagnosticsFileAndSummaryLimit(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "repo", ".github", "workflows")
	os.MkdirAll(wf, 0o755)
	for i := range 40 {
		os.WriteFile(filepath.Join(wf, fmt.Sprintf("w%02d.yml", i)), []byte("on: push\njobs: [\n"), 0o644)
	}
	diags := filepath.Join(dir, "diagnostics.jsonl")
	stdout, stderr, code := run(t, "scan", filepath.Join(dir, "repo"), "--diagnostics", diags)
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(diags)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 40 {
		t.Errorf("diagnostics file holds %d lines, want 40", len(lines))
	}
	var first struct {
		Severity, Connector, File, Message string
		Line                               int
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.Severity != "error" || first.Connector != "github-actions" ||
		!strings.HasSuffix(first.File, "w00.yml") || first.Line == 0 || first.Message == "" {
		t.Errorf("first line %s: %+v %v", lines[0], first, err)
	}
	shown := strings.Count(stdout, ".yml:")
	if shown != 5 {
		t.Errorf("summary shows %d diagnostics, want 5:\n%s", shown, stdout)
	}
	for _, want := range []string{"… 35 more from github-actions; every one is in " + diags, "NOTHING READ: all 40 file(s) skipped"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	// Without a terminal or --diagnostics, every diagnostic is printed.
	stdout, _, _ = run(t, "scan", filepath.Join(dir, "repo"))
	if shown := strings.Count(stdout, ".yml:"); shown != 40 {
		t.Errorf("summary shows %d diagnostics, want all 40", shown)
	}
}
