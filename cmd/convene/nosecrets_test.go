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
	}
	runAll("findings", "--graph", graphFile, "--format", "sarif", "--include-suppressed")
	runAll("show", "--graph", graphFile, "host:batch-01/etc/warehouse/env")
	for _, f := range []string{"text", "md", "json"} {
		runAll("access", "--graph", graphFile, "user/svc-backup", "--format", f)
	}
	// The files were read: their variable names and key IDs are there.
	for _, name := range []string{"PGPASSWORD", "AKIAZNWBACKUPKEY0001", `"level":"debug"`} {
		if !bytes.Contains(all.Bytes(), []byte(name)) {
			t.Errorf("output lacks %q: the test no longer exercises what it means to", name)
		}
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
