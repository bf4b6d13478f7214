package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/internal/app"
)

// plantedSecrets are the values the sample estate holds in files convene
// reads (an env file, an AWS credentials file). They are fake, and must
// never leave the files: not in logs, graph files, the store, exports,
// plans or findings.
var plantedSecrets = []string{
	"changeme-not-real",               // hosts/batch-01/etc/warehouse/env
	"fake-secret-not-real-EXAMPLEKEY", // hosts/batch-01/root/.aws/credentials
	"Ledger-Vacuum-2024-not-real",     // hosts/batch-01/etc/cron.d/quick-fix
	// repos/github.com/northwind/payments-api/.mcp.json: a token in a
	// header and a password in a connection string.
	"ghp_NorthwindFakeMcpToken00000000000001",
	"Plant3d-Northwind-DbPass-not-real",
	// A Vault audit device with log_raw, and CloudTrail's responseElements.
	"Payments-DB-pw-not-real-7731",                  // audit/vault/audit.log response data
	"FQoGZXIvYXdzENotRealSessionToken-PLANTED-4411", // audit/cloudtrail/…: session tokens
	"Stripe-sk-live-not-real-2291",                  // audit/cloudtrail/…: GetSecretValue's secretString
	// k8s/prod-eu/payments/partner-legacy-tls.yaml: the body of a
	// committed private key.
	"Tm9ydGh3aW5kLWZha2UtcHJpdmF0ZS1rZXktbm90LXJlYWw",
}

func TestNoSecretValueLeavesTheSources(t *testing.T) {
	estate, _ := filepath.Abs("../../testdata/estate")
	for _, s := range plantedSecrets {
		found := false
		filepath.WalkDir(estate, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if data, _ := os.ReadFile(path); bytes.Contains(data, []byte(s)) {
					found = true
				}
			}
			return nil
		})
		if !found {
			t.Fatalf("the estate no longer plants %q; plant it again or update this test", s)
		}
	}
	dir := t.TempDir()
	store := "sqlite://" + filepath.Join(dir, "store.db")
	graphFile := filepath.Join(dir, "estate.json")
	var all bytes.Buffer // every byte convene writes, logs included
	runAll := func(args ...string) {
		var out, errb bytes.Buffer
		cmd := newRootCommandWith(&app.App{Stdout: &out, Stderr: &errb, Clock: func() time.Time { return fixedNow }})
		cmd.SetArgs(append([]string{"--log-level", "debug", "--log-format", "json"}, args...))
		if err := cmd.ExecuteContext(context.Background()); err != nil {
			t.Fatalf("convene %s: %v\n%s", strings.Join(args, " "), err, errb.String())
		}
		all.Write(out.Bytes())
		all.Write(errb.Bytes())
	}
	runAll("scan", estate, "--out", graphFile, "--save", "--store", store)
	data, _ := os.ReadFile(graphFile)
	all.Write(data)
	db, _ := os.ReadFile(strings.TrimPrefix(store, "sqlite://"))
	runAll("export", "--format", "dot", "--graph", graphFile)
	runAll("export", "--format", "json", "--snapshot", "latest", "--store", store)
	for _, f := range []string{"text", "json", "html", "md"} {
		runAll("plan", "rotate", "user/svc-backup", "--graph", graphFile, "--format", f)
		runAll("plan", "rotate", "secret/payments/db", "--graph", graphFile, "--format", f)
		runAll("plan", "disable", "aws-access-key:AKIAZNWLEGACYKEY0001", "--graph", graphFile, "--format", f)
	}
	runAll("findings", "--graph", graphFile, "--format", "sarif", "--include-suppressed")
	for _, f := range []string{"text", "json", "md"} {
		runAll("findings", "--graph", graphFile, "--format", f)
		runAll("plan", "rotate", "github.com/northwind/payments-api/secrets/AGENT_GITHUB_PAT", "--graph", graphFile, "--format", f)
	}
	// The runbook, and verify on the unchanged estate (which exits 3:
	// nothing has moved), for the key whose value sits in a credentials
	// file.
	runAll("plan", "rotate", "user/svc-backup", "--graph", graphFile, "--format", "runbook")
	planFile := filepath.Join(dir, "plan.json")
	runTo := func(out *bytes.Buffer, args ...string) {
		cmd := newRootCommandWith(&app.App{Stdout: out, Stderr: &all, Clock: func() time.Time { return fixedNow }})
		cmd.SetArgs(args)
		cmd.ExecuteContext(context.Background())
		all.Write(out.Bytes())
	}
	var planJSON bytes.Buffer
	runTo(&planJSON, "plan", "rotate", "user/svc-backup", "--graph", graphFile, "--format", "json", "--window", "2026-12-01T22:00Z/4h")
	if err := os.WriteFile(planFile, planJSON.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"text", "json", "md"} {
		var out bytes.Buffer
		runTo(&out, "verify", "--plan", planFile, "--graph", graphFile, "--format", f)
		if !strings.Contains(out.String(), "AKIAZNWBACKUPKEY0001") {
			t.Errorf("verify --format %s does not name the key:\n%s", f, out.String())
		}
	}
	runAll("show", "--graph", graphFile, "github.com/northwind/payments-api/.mcp.json#sentry")
	runAll("export", "--format", "dot", "--graph", graphFile, "--focus", "github.com/northwind/payments-api/.mcp.json#payments-db", "--depth", "2")
	runAll("show", "--graph", graphFile, "host:batch-01/etc/warehouse/env")
	runAll("show", "--graph", graphFile, "k8s:prod-eu/payments/secret/partner-legacy-tls")
	for _, f := range []string{"text", "md", "json"} {
		runAll("access", "--graph", graphFile, "user/svc-backup", "--format", f)
	}
	// The files were read: their variable names and key IDs are there.
	for _, name := range []string{"PGPASSWORD", "AKIAZNWBACKUPKEY0001", `"level":"debug"`, "header.Authorization", "payments-db.prod.northwind.internal", "stringData.tls.key"} {
		if !bytes.Contains(all.Bytes(), []byte(name)) {
			t.Errorf("output lacks %q: the test no longer exercises what it means to", name)
		}
	}
	if bytes.Contains(all.Bytes(), []byte("PRIVATE KEY-----")) {
		t.Error("PEM private key armour appears in convene's output")
	}
	for _, s := range plantedSecrets {
		if bytes.Contains(all.Bytes(), []byte(s)) {
			t.Errorf("the secret value %q appears in convene's output", s)
		}
		// The store compresses graphs; the plain check above covers what
		// it was given, and this one what a reader of the file would see.
		if bytes.Contains(db, []byte(s)) {
			t.Errorf("the secret value %q appears in the store's file", s)
		}
	}
}
