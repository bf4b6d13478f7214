package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/app"
	"github.com/convene-dev/convene/internal/goldenfile"
	"github.com/convene-dev/convene/internal/store"
)

// run executes convene in-process from the repository root, so that paths
// in evidence are the ones a user at the root would see.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runWith(t, nil, args...)
}

// runWith is run with a fixed clock, when clock is set.
func runWith(t *testing.T, clock func() time.Time, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir("../.."); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errb bytes.Buffer
	cmd := newRootCommandWith(&app.App{Stdout: &out, Stderr: &errb, Clock: clock})
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	if err != nil {
		errb.WriteString("convene: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), app.ExitCode(err)
}

func TestScanSampleEstateGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "estate.json")
	stdout, stderr, code := run(t, "scan", "testdata/estate", "--out", out)
	if code != 0 {
		t.Fatalf("scan exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "estate.golden.json")
	goldenfile.Check(t, golden, string(got))
	g, err := graph.DecodeJSON(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Diagnostics()) != 0 {
		t.Errorf("the sample estate should scan clean, got diagnostics:\n%v", g.Diagnostics())
	}
	for _, want := range []string{"scan: ", "owners-file", "graph: "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
}

func TestScanMergesGraphFiles(t *testing.T) {
	dir := t.TempDir()
	part := filepath.Join(dir, "host.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", part); code != 0 {
		t.Fatalf("first scan: %s", stderr)
	}
	// A graph file named as a path is a source of its own.
	merged := filepath.Join(dir, "merged.json")
	if _, stderr, code := run(t, "scan", part, "--out", merged); code != 0 {
		t.Fatalf("merge scan: %s", stderr)
	}
	a, _ := os.ReadFile(part)
	b, _ := os.ReadFile(merged)
	ga, _ := graph.DecodeJSON(a)
	gb, _ := graph.DecodeJSON(b)
	if ga.Len() == 0 || ga.Len() != gb.Len() || len(ga.Edges()) != len(gb.Edges()) {
		t.Errorf("merged graph has %d nodes %d edges, want %d %d", gb.Len(), len(gb.Edges()), ga.Len(), len(ga.Edges()))
	}
}

func TestScanReportsBadFilesAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "broken.json"), []byte("{\"format\":\"convene-graph\",\"version\":1,\n\"nodes\":[{]}"), 0o644)
	os.WriteFile(filepath.Join(dir, "future.json"), []byte(`{"format":"convene-graph","version":9}`), 0o644)
	stdout, stderr, code := run(t, "scan", dir, "testdata/estate")
	if code != 1 {
		t.Fatalf("exit %d, want 1 for skipped files\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"broken.json:2: error: invalid graph file", "future.json: error: graph file version 9 is not supported", "owners-file"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
}

func TestExitCodesAndMessages(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("CONVENE_STORE", "")
	badCfg := filepath.Join(dir, "convene.yaml")
	os.WriteFile(badCfg, []byte("version: 1\nconnectors:\n  disable: [nope]\n"), 0o644)
	estate := filepath.Join(dir, "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", estate); code != 0 {
		t.Fatal(stderr)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown flag", []string{"scan", "--nope"}, 2, "unknown flag: --nope"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"no paths", []string{"scan"}, 2, "nothing to scan"},
		{"missing path", []string{"scan", "does/not/exist"}, 1, "check the path"},
		{"out in a missing folder", []string{"scan", "testdata/estate", "--out", "/nonexistent/dir/g.json"}, 1, "folder /nonexistent/dir does not exist; create it first"},
		{"out is a folder", []string{"scan", "testdata/estate", "--out", dir}, 1, "is a folder; name a file in it"},
		{"bad config", []string{"scan", "testdata/estate", "--config", badCfg}, 1, badCfg + `:3: unknown connector "nope"`},
		{"bad log level", []string{"--log-level", "loud", "version"}, 2, `--log-level "loud"`},
		{"export with no store", []string{"export", "--format", "dot"}, 1, "no store at " + filepath.Join(dir, "data", "convene", "convene.db") + "; `convene scan --save` creates one"},
		{"graph and snapshot", []string{"export", "--graph", estate, "--snapshot", "1"}, 2, "give --graph or --snapshot, not both"},
		{"bad snapshot ref", []string{"show", "--snapshot", "yesterday", "x"}, 2, `snapshot "yesterday"`},
		{"keep without save", []string{"scan", "testdata/estate", "--keep", "3"}, 2, "go with --save"},
		{"bad since", []string{"diff", "--since", "soon"}, 2, `"soon" is not a duration`},
		{"bad store", []string{"history", "--store", "mysql://x"}, 1, "use sqlite://PATH or postgres://"},
		{"export unknown format", []string{"export", "--format", "png", "--graph", estate}, 2, `unknown format "png"`},
		{"show ambiguous", []string{"show", "--graph", estate, "team"}, 2, ""},
		{"show too many args", []string{"show", "a", "b"}, 2, "accepts 1 arg(s)"},
		{"graph file missing", []string{"show", "--graph", filepath.Join(dir, "none.json"), "x"}, 1, "no such file"},
		{"version", []string{"version"}, 0, ""},
		{"connectors", []string{"connectors"}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, stderr)
			}
		})
	}
}

func TestConnectorsListsEveryConnector(t *testing.T) {
	stdout, _, _ := run(t, "connectors")
	for _, name := range []string{"owners-file", "graph-file"} {
		if !strings.Contains(stdout, name) {
			t.Errorf("connectors output lacks %s:\n%s", name, stdout)
		}
	}
}

func TestConnectorsJSON(t *testing.T) {
	stdout, _, code := run(t, "connectors", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Connectors []struct {
			Name        string   `json:"name"`
			Modes       []string `json:"modes"`
			Settings    []string `json:"settings"`
			Permissions []string `json:"permissions"`
		} `json:"connectors"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	modes := map[string]string{}
	for _, c := range got.Connectors {
		modes[c.Name] = strings.Join(c.Modes, ",")
		if slices.Contains(c.Modes, "live") && (len(c.Settings) == 0 || len(c.Permissions) == 0) {
			t.Errorf("%s is live but names no settings or permissions", c.Name)
		}
	}
	for name, want := range map[string]string{"github": "live", "gitlab": "live", "github-actions": "files", "aws": "files,live", "vault": "files,live"} {
		if modes[name] != want {
			t.Errorf("%s modes = %q, want %q", name, modes[name], want)
		}
	}
}

func TestSaveDiffHistory(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CONVENE_STORE", "sqlite://"+filepath.Join(dir, "store.db"))
	estate := filepath.Join(dir, "estate")
	if err := os.CopyFS(estate, os.DirFS("../../testdata/estate")); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := run(t, "scan", estate, "--save"); code != 0 {
		t.Fatalf("first scan: %s", stderr)
	}
	if stdout, stderr, code := run(t, "diff"); code != 0 || !strings.Contains(stdout, "Drift from nothing (no earlier snapshot) to snapshot 1") {
		t.Errorf("diff after the first scan: exit %d\n%s%s", code, stdout, stderr)
	}
	// A week later the data team has a new member and an owner rule is gone.
	owners := filepath.Join(estate, "convene-owners.yaml")
	data, _ := os.ReadFile(owners)
	changed := strings.Replace(string(data), "      - name: Hana Sato", "      - name: Ola Nordmann\n        email: ola.nordmann@example.com\n      - name: Hana Sato", 1)
	if changed == string(data) {
		t.Fatal("the estate's owners file no longer has the line this test edits")
	}
	os.WriteFile(owners, []byte(changed), 0o644)
	// And someone pasted a database password into a new cron job.
	os.WriteFile(filepath.Join(estate, "hosts", "batch-01", "etc", "cron.d", "quick-fix"),
		[]byte("0 5 * * * root PGPASSWORD=Sup3rSecretPassw0rd psql -h db -c 'vacuum'\n"), 0o644)
	stdout, stderr, code := run(t, "scan", estate, "--save", "--keep", "5")
	if code != 0 || !strings.Contains(stdout, "saved: snapshot 2") {
		t.Fatalf("second scan: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, stderr, code = run(t, "diff")
	if code != 0 {
		t.Fatalf("diff: %s", stderr)
	}
	for _, want := range []string{"Drift from snapshot 1", "+ person:ola.nordmann@example.com (person)", `attrs.members:`, "NEW [high] NHI-INLINE-SECRET: host:batch-01/etc/cron.d/quick-fix#root:psql"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("diff lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = run(t, "diff", "1", "latest", "--format", "json")
	if !strings.Contains(stdout, `"format": "convene-drift"`) || !strings.Contains(stdout, "ola.nordmann") || strings.Contains(stdout, "Sup3rSecretPassw0rd") {
		t.Errorf("json diff:\n%s", stdout)
	}
	stdout, _, _ = run(t, "history")
	if strings.Count(stdout, "\n") != 3 || !strings.Contains(stdout, "default") {
		t.Errorf("history:\n%s", stdout)
	}
	stdout, _, _ = run(t, "history", "--format", "json")
	var hist struct {
		Snapshots []struct {
			ID     int64  `json:"id"`
			Source string `json:"source"`
			Nodes  int    `json:"nodes"`
		} `json:"snapshots"`
	}
	if err := json.Unmarshal([]byte(stdout), &hist); err != nil || len(hist.Snapshots) != 2 || hist.Snapshots[0].Source != "default" || hist.Snapshots[0].Nodes == 0 {
		t.Errorf("history --format json (%v):\n%s", err, stdout)
	}
	stdout, stderr, code = run(t, "show", "ola.nordmann@example.com")
	if code != 0 || !strings.Contains(stdout, "person:ola.nordmann@example.com") {
		t.Errorf("show from the latest snapshot: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestServeScansSavesAndStopsCleanly(t *testing.T) {
	dir := t.TempDir()
	estate, _ := filepath.Abs("../../testdata/estate")
	storeURL := "sqlite://" + filepath.Join(dir, "store.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		var out, errb bytes.Buffer
		cmd := newRootCommand(&out, &errb)
		cmd.SetArgs([]string{"serve", estate, "--schedule", "@every 1h", "--listen", addr, "--store", storeURL})
		done <- cmd.ExecuteContext(ctx)
	}()
	var body string
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(body, `convene_scans_total{result="ok"} 1`) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no scan within 30s; metrics:\n%s", body)
		}
		time.Sleep(50 * time.Millisecond)
		if resp, err := http.Get("http://" + addr + "/metrics"); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body = string(b)
		}
	}
	if !strings.Contains(body, `convene_graph_nodes{kind="owner"}`) {
		t.Errorf("metrics lack node counts:\n%s", body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v after shutdown", err)
	}
	st, err := store.Open(context.Background(), storeURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, _ := st.List(context.Background(), "")
	if len(list) != 1 || list[0].Source != "default" {
		t.Errorf("snapshots after serve: %+v", list)
	}
}
