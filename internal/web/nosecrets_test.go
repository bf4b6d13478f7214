package web_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/web"
)

// plantedSecrets are the fake secret values the sample estate holds in
// files convene reads; cmd/convene's TestNoSecretValueLeavesTheSources
// keeps the same list and checks the estate still plants them.
var plantedSecrets = []string{
	"changeme-not-real",
	"fake-secret-not-real-EXAMPLEKEY",
	"Ledger-Vacuum-2024-not-real",
	"ghp_NorthwindFakeMcpToken00000000000001",
	"Plant3d-Northwind-DbPass-not-real",
}

// No endpoint serves a planted value: every node page, a plan of every
// credential in every format, findings, drift, owners, snapshots and the UI.
func TestNoSecretValueIsServed(t *testing.T) {
	estateDir, _ := filepath.Abs("../../testdata/estate")
	for _, s := range plantedSecrets {
		found := false
		filepath.WalkDir(estateDir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if data, _ := os.ReadFile(path); bytes.Contains(data, []byte(s)) {
					found = true
				}
			}
			return nil
		})
		if !found {
			t.Fatalf("the estate no longer plants %q; plant it again or update this list", s)
		}
	}
	srv, h := newServer(t, web.Options{})
	var all bytes.Buffer
	get := func(c call) []byte {
		status, _, body := do(t, srv, c)
		if status >= 500 {
			t.Fatalf("%s %s: %d\n%s", c.method, c.path, status, body)
		}
		all.Write(body)
		return body
	}
	var list struct {
		Nodes []struct{ ID, Kind string }
	}
	if err := json.Unmarshal(get(call{path: "/api/v1/nodes?limit=500"}), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Nodes) < 50 {
		t.Fatalf("only %d nodes listed; the test no longer sees the estate", len(list.Nodes))
	}
	plans := 0
	for _, n := range list.Nodes {
		get(call{path: "/api/v1/nodes/" + url.PathEscape(n.ID)})
		if n.Kind != "credential" {
			continue
		}
		body, _ := json.Marshal(map[string]any{"action": "rotate", "targets": []string{n.ID}, "window": "2026-12-01T22:00Z/4h"})
		for _, accept := range []string{"application/json", "text/markdown", "text/html"} {
			get(call{method: "POST", path: "/api/v1/plans", body: string(body), header: map[string]string{"Accept": accept}})
		}
		plans++
	}
	if plans < 10 {
		t.Fatalf("only %d credentials planned; the test no longer exercises plans", plans)
	}
	for _, p := range []string{"/api/v1/findings", "/api/v1/drift", "/api/v1/drift?from=1", "/api/v1/snapshots", "/api/v1/owners",
		"/api/v1/openapi.json", "/ui/", "/ui/static/app.js", "/metrics-not-here"} {
		get(call{path: p})
	}
	if len(h.Routes()) == 0 {
		t.Fatal("no routes")
	}
	// The files were read: names and key IDs beside the values are there.
	for _, name := range []string{"PGPASSWORD", "AKIAZNWBACKUPKEY0001", "payments-db.prod.northwind.internal"} {
		if !bytes.Contains(all.Bytes(), []byte(name)) {
			t.Errorf("no response mentions %q: the test no longer exercises what it means to", name)
		}
	}
	for _, s := range plantedSecrets {
		if i := bytes.Index(all.Bytes(), []byte(s)); i >= 0 {
			lo := max(0, i-200)
			t.Errorf("a response holds the planted value %q: …%s…", s, strings.ToValidUTF8(string(all.Bytes()[lo:i]), "?"))
		}
	}
}
