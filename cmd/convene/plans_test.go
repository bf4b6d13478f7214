package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/internal/goldenfile"
)

// fixedNow is when the golden reports were reviewed; ages ("last used 40
// days ago") are judged from it so that the goldens do not drift.
var fixedNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

func runAt(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runWith(t, func() time.Time { return fixedNow }, args...)
}

func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "plans", name)
	goldenfile.Check(t, path, got)
}

// TestEstatePlansGolden plans a dozen changes on the sample estate: one per
// action, several risk tiers, a window with scheduled runs, a cycle-free
// role chain, an ambiguous and an unknown target. Each golden was read by
// hand once.
func TestEstatePlansGolden(t *testing.T) {
	graphFile := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", graphFile); code != 0 {
		t.Fatal(stderr)
	}
	window := "2026-12-01T22:00Z/4h"
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"rotate-payments-db.md", []string{"plan", "rotate", "secret/payments/db", "--window", window, "--format", "md"}, 0},
		{"rotate-stripe-webhook.txt", []string{"plan", "rotate", "vault:secret/payments/stripe-webhook", "--window", window}, 0},
		{"rotate-backup-key.txt", []string{"plan", "rotate", "aws-access-key:AKIAZNWBACKUPKEY0001", "--window", window}, 0},
		{"rotate-svc-backup-user.txt", []string{"plan", "rotate", "user/svc-backup"}, 0},
		{"revoke-payments-deploy.txt", []string{"plan", "revoke", "role/payments-deploy"}, 0},
		{"disable-legacy-key.txt", []string{"plan", "disable", "aws-access-key:AKIAZNWLEGACYKEY0001"}, 0},
		{"delete-ledger-db.json", []string{"plan", "delete", "vault:secret/ledger/db", "--format", "json"}, 0},
		{"modify-payments-read.txt", []string{"plan", "modify", "vault:sys/policies/acl/payments-read"}, 0},
		{"modify-admin.txt", []string{"plan", "modify", "arn:aws:iam::aws:policy/AdministratorAccess"}, 0},
		{"decommission-legacy-report.txt", []string{"plan", "decommission", "github.com/northwind/payments-api/.github/workflows/legacy-report.yml#report"}, 0},
		{"ambiguous.txt", []string{"plan", "rotate", "db"}, 2},
		{"unknown.txt", []string{"plan", "rotate", "secret/payments/dbb"}, 2},
		{"rotate-agent-pat.txt", []string{"plan", "rotate", "github.com/northwind/payments-api/secrets/AGENT_GITHUB_PAT"}, 0},
		{"rotate-payments-api-tls.txt", []string{"plan", "rotate", "k8s:prod-eu/payments/certificate/payments-api-tls", "--window", window}, 0},
		{"rotate-partner-gateway-cert.txt", []string{"plan", "rotate", "arn:aws:acm:eu-west-1:111122223333:certificate/6f2c1a9e-3b7d-4e21-9c55-0d8e4a7b2f10"}, 0},
		{"revoke-pki-role.txt", []string{"plan", "revoke", "vault:pki_int/roles/northwind-internal"}, 0},
		{"rotate-runbook.md", []string{"plan", "--change", "cmd/convene/testdata/changes/rotate-runbook.yaml", "--format", "runbook"}, 0},
		{"disable-backup-key-runbook.md", []string{"plan", "disable", "aws-access-key:AKIAZNWBACKUPKEY0001", "--window", window, "--format", "runbook"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runAt(t, append(tt.args, "--graph", graphFile)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", code, tt.code, stdout, stderr)
			}
			got := stdout
			if tt.code != 0 {
				got = strings.ReplaceAll(stderr, graphFile, "GRAPH")
			}
			goldenFile(t, tt.name, got)
		})
	}
}

func TestEstateFindingsGolden(t *testing.T) {
	graphFile := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", graphFile); code != 0 {
		t.Fatal(stderr)
	}
	stdout, stderr, code := runAt(t, "findings", "--graph", graphFile)
	if code != 0 {
		t.Fatal(stderr)
	}
	goldenFile(t, "findings.txt", stdout)
}
