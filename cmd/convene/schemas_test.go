package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/schemas"
	"github.com/convene-dev/convene/schemas/schematest"
)

// TestOutputsFollowSchemas runs every command that writes JSON on the
// sample estate, in process, and validates each output against the schema
// it names in "$schema" with a JSON Schema 2020-12 validator.
func TestOutputsFollowSchemas(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CONVENE_STORE", "sqlite://"+filepath.Join(dir, "store.db"))
	g := filepath.Join(dir, "estate.json")
	summary, stderr, code := runAt(t, "scan", "testdata/estate", "--out", g, "--save", "--summary", "json")
	if code != 0 {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	graphFile, err := os.ReadFile(g)
	if err != nil {
		t.Fatal(err)
	}
	// A smaller estate, for a drift report with something in it.
	smaller := filepath.Join(dir, "smaller.json")
	if _, stderr, code := runAt(t, "scan", "testdata/estate/aws", "testdata/estate/vault", "--out", smaller); code != 0 {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	plan, stderr, code := runAt(t, "plan", "--change", "cmd/convene/testdata/changes/rotate-runbook.yaml", "--graph", g, "--format", "json")
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	planFile := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(planFile, []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, schema string
		args         []string
		code         int
	}{
		{"plan revoke", schemas.Plan, []string{"plan", "revoke", "role/payments-deploy", "--graph", g, "--format", "json"}, 0},
		{"plan rotate with steps", schemas.Plan, []string{"plan", "--change", "cmd/convene/testdata/changes/rotate-runbook.yaml", "--graph", g, "--format", "json"}, 0},
		{"plan delete", schemas.Plan, []string{"plan", "delete", "vault:secret/ledger/db", "--graph", g, "--format", "json"}, 0},
		{"findings", schemas.Findings, []string{"findings", "--graph", g, "--format", "json"}, 0},
		{"drift", schemas.Drift, []string{"diff", smaller, g, "--format", "json"}, 0},
		{"drift from the store", schemas.Drift, []string{"diff", "--format", "json"}, 0},
		{"verify", schemas.Verify, []string{"verify", "--plan", planFile, "--graph", g, "--format", "json"}, 3},
		{"show a role", schemas.Show, []string{"show", "role/payments-deploy", "--graph", g, "--format", "json"}, 0},
		{"show a scheduled job", schemas.Show, []string{"show", "host:batch-01/etc/cron.d/payments-dump#postgres:pg_dump", "--graph", g, "--format", "json"}, 0},
		{"show an owner", schemas.Show, []string{"show", "team:payments", "--graph", g, "--format", "json"}, 0},
		{"access", schemas.Access, []string{"access", "vault:auth/approle/role/backup-agent", "--graph", g, "--format", "json"}, 0},
		{"owners", schemas.Owners, []string{"owners", "--graph", g, "--format", "json"}, 0},
		{"connectors", schemas.Connectors, []string{"connectors", "--format", "json"}, 0},
		{"history", schemas.History, []string{"history", "--format", "json"}, 0},
		{"export json", schemas.Graph, []string{"export", "--format", "json", "--graph", g}, 0},
	}
	t.Run("graph file", func(t *testing.T) { schematest.Validate(t, schemas.Graph, graphFile) })
	t.Run("scan summary", func(t *testing.T) { schematest.Validate(t, schemas.ScanSummary, []byte(summary)) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runAt(t, tt.args...)
			if code != tt.code {
				t.Fatalf("%s: exit %d, want %d\n%s", strings.Join(tt.args, " "), code, tt.code, stderr)
			}
			schematest.Validate(t, tt.schema, []byte(stdout))
		})
	}
}
