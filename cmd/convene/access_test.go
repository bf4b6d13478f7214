package main

import (
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/internal/goldenfile"
)

// TestEstateAccessGolden answers `convene access` for identities of the
// sample estate whose escalation paths the estate was built to show: an
// OIDC trust open to every repository (github-actions-ci), a Vault policy
// with write on auth/approle/role/* (backup-agent), and an identity that
// is both reached and reaching (the data-etl role). Each golden was read
// by hand once.
func TestEstateAccessGolden(t *testing.T) {
	graphFile := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", graphFile); code != 0 {
		t.Fatal(stderr)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"github-actions-ci.txt", []string{"access", "role/github-actions-ci"}},
		{"backup-agent.md", []string{"access", "vault:auth/approle/role/backup-agent", "--format", "md"}},
		{"data-etl.json", []string{"access", "arn:aws:iam::444455556666:role/data-etl", "--format", "json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, append(tt.args, "--graph", graphFile)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			goldenfile.Check(t, filepath.Join("testdata", "access", tt.name), stdout)
		})
	}
}

// TestAccessUsage: a bad format or an unknown identity is a usage error
// with a message, and nothing on standard output.
func TestAccessUsage(t *testing.T) {
	graphFile := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", graphFile); code != 0 {
		t.Fatal(stderr)
	}
	for _, args := range [][]string{
		{"access", "role/github-actions-ci", "--format", "yaml"},
		{"access", "no-such-identity"},
		{"access"},
	} {
		stdout, stderr, code := run(t, append(args, "--graph", graphFile)...)
		if code != 2 || stdout != "" || stderr == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, nothing, a message", args, code, stdout, stderr)
		}
	}
}
