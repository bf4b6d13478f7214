package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSmallerDefects covers the small things a new user tripped over.
func TestSmallerDefects(t *testing.T) {
	dir := t.TempDir()
	estate := filepath.Join(dir, "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", estate); code != 0 {
		t.Fatal(stderr)
	}

	t.Run("show counts edges, not evidence lines", func(t *testing.T) {
		stdout, stderr, code := run(t, "show", "--graph", estate, "deploy.yml#deploy")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, section := range []string{"depends on", "depended on by"} {
			m := regexp.MustCompile(`(?m)^` + section + ` \((\d+)\):\n((?:  .*\n)*)`).FindStringSubmatch(stdout)
			if m == nil {
				t.Fatalf("no %q section:\n%s", section, stdout)
			}
			n, _ := strconv.Atoi(m[1])
			edges := regexp.MustCompile(`(?m)^  \S`).FindAllString(m[2], -1)
			if n != len(edges) {
				t.Errorf("%s (%d) over %d edges:\n%s", section, n, len(edges), m[2])
			}
		}
	})

	t.Run("--graph help names its argument", func(t *testing.T) {
		stdout, _, _ := run(t, "show", "--help")
		if !strings.Contains(stdout, "--graph FILE") || strings.Contains(stdout, "--graph convene") {
			t.Errorf("help:\n%s", stdout)
		}
	})

	t.Run("window in weeks, printed short", func(t *testing.T) {
		stdout, stderr, code := run(t, "plan", "rotate", "secret/payments/db", "--graph", estate, "--window", "2026-12-01T22:00Z/2w")
		if code != 0 || !strings.Contains(stdout, "for 14d") {
			t.Errorf("exit %d\n%s%s", code, stdout, stderr)
		}
	})

	t.Run("--exclude and --one-file-system", func(t *testing.T) {
		all, _, _ := run(t, "scan", "testdata/estate")
		some, stderr, code := run(t, "scan", "testdata/estate", "--exclude", "**/hosts/**", "--exclude", "**/k8s", "--one-file-system")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if strings.Contains(some, "  cron ") || strings.Contains(some, "  kubernetes ") || !strings.Contains(all, "  cron ") {
			t.Errorf("excluded folders were read:\n%s", some)
		}
	})

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"--exclude with a bad glob", []string{"scan", "testdata/estate", "--exclude", "[oops"}, 2, `--exclude "[oops" is not a valid glob`},
		{"export --depth without --focus", []string{"export", "--graph", estate, "--depth", "1"}, 2, "--depth goes with --focus"},
		{"plan --max-depth 0", []string{"plan", "rotate", "secret/payments/db", "--graph", estate, "--max-depth", "0"}, 2, "--max-depth must be 1 or more"},
		{"plan --max-depth 1", []string{"plan", "rotate", "secret/payments/db", "--graph", estate, "--max-depth", "1"}, 0, ""},
		{"change file with a misspelt key", []string{"plan", "--change", filepath.Join(dir, "change.yaml"), "--graph", estate}, 2, `change.yaml:2: unknown key "tagret"`},
	}
	os.WriteFile(filepath.Join(dir, "change.yaml"), []byte("action: rotate\ntagret: secret/payments/db\n"), 0o644)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want %d; stderr lacks %q?\n%s%s", code, tt.code, tt.want, stdout, stderr)
			}
			if strings.Contains(stderr, "planner.") {
				t.Errorf("a Go type leaked: %s", stderr)
			}
		})
	}
}
