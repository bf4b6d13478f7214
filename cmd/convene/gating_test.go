package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCIGating checks the exit codes a pipeline gates on: 3 when the check
// asked for fails, after the full output; 0 when it holds; 2 for a bad
// threshold.
func TestCIGating(t *testing.T) {
	g := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", g); code != 0 {
		t.Fatalf("scan exited %d: %s", code, stderr)
	}
	abs, err := filepath.Abs(g)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // a fragment the output must hold
		stderr   string
		noStdout string // a fragment it must not
	}{
		{"findings at high fail", []string{"findings", "--graph", abs, "--fail-on", "high"}, 3, "NHI-", "at high severity or worse", ""},
		{"no finding at critical among the unowned rule", []string{"findings", "--graph", abs, "--fail-on", "critical", "--rules", "nhi-unowned"}, 0, "NHI-UNOWNED", "", "NHI-ADMIN"},
		{"excluded rules are not run", []string{"findings", "--graph", abs, "--exclude-rules", "NHI-UNOWNED,NHI-UNUSED", "--format", "json"}, 0, "NHI-", "", `"NHI-UNOWNED"`},
		{"an unknown severity is a usage error", []string{"findings", "--graph", abs, "--fail-on", "severe"}, 2, "", "choose one of", ""},
		{"a medium-risk plan fails at medium", []string{"plan", "rotate", "secret/payments/db", "--graph", abs, "--fail-on-tier", "medium"}, 3, "rotate", "medium risk", ""},
		{"an unknown tier is a usage error", []string{"plan", "rotate", "secret/payments/db", "--graph", abs, "--fail-on-tier", "extreme"}, 2, "", "choose one of", ""},
		{"no drift passes", []string{"diff", abs, abs, "--exit-code"}, 0, "no changes", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) ||
				(tt.noStdout != "" && strings.Contains(stdout, tt.noStdout)) {
				t.Errorf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
		})
	}
	t.Run("drift fails", func(t *testing.T) {
		data, err := os.ReadFile(abs)
		if err != nil {
			t.Fatal(err)
		}
		// The same estate with one node less.
		lines := strings.Split(string(data), "\n")
		var kept []string
		dropped := false
		for _, l := range lines {
			if !dropped && strings.Contains(l, `"kind":"workload"`) && strings.HasPrefix(l, `{"id"`) {
				dropped = true
				continue
			}
			kept = append(kept, l)
		}
		smaller := filepath.Join(t.TempDir(), "smaller.json")
		if err := os.WriteFile(smaller, []byte(strings.Join(kept, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := run(t, "diff", abs, smaller, "--exit-code")
		if code != 3 || !strings.Contains(stderr, "drifted") {
			t.Errorf("exit %d, want 3; stderr:\n%s", code, stderr)
		}
	})
}
