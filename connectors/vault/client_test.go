package vault

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// TestLiveOverHTTP runs the live path through vault/api against a local
// server that fails twice with 502 (vault/api retries), denies one folder
// (a diagnostic, the walk goes on) and never sees a data/ request.
func TestLiveOverHTTP(t *testing.T) {
	var mountsCalls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Vault-Token") != "test-token" {
			http.Error(w, `{"errors":["missing token"]}`, http.StatusForbidden)
			return
		}
		p := strings.TrimPrefix(r.URL.Path, "/v1/")
		list := r.Method == "LIST" || r.URL.Query().Get("list") == "true"
		if strings.Contains(p, "/data/") {
			t.Errorf("request for %s reached the server", p)
		}
		w.Header().Set("Content-Type", "application/json")
		switch {
		case p == "sys/seal-status":
			fmt.Fprint(w, `{"sealed": false}`)
		case p == "sys/mounts":
			if mountsCalls.Add(1) <= 2 {
				http.Error(w, `{"errors":["upstream"]}`, http.StatusBadGateway)
				return
			}
			fmt.Fprint(w, `{"data": {"secret/": {"type": "kv", "options": {"version": "2"}}}}`)
		case list && p == "secret/metadata":
			fmt.Fprint(w, `{"data": {"keys": ["a", "locked/"]}}`)
		case list && p == "secret/metadata/locked":
			http.Error(w, `{"errors":["1 error occurred:\n\t* permission denied\n\n"]}`, http.StatusForbidden)
		case p == "secret/metadata/a":
			fmt.Fprint(w, `{"data": {"current_version": 2, "custom_metadata": {"team": "x"}}}`)
		default:
			http.Error(w, `{"errors":[]}`, http.StatusNotFound)
		}
	}))
	defer srv.Close()
	t.Setenv("VAULT_TOKEN", "")
	t.Setenv("CONVENE_TEST_VAULT_TOKEN", "test-token")
	cfg := config.Default()
	cfg.Vault.Enabled = true
	cfg.Vault.Clusters = []config.VaultCluster{{Name: "lab", Address: srv.URL, TokenEnv: "CONVENE_TEST_VAULT_TOKEN"}}
	b := graph.NewBuilder()
	if err := New(cfg).Discover(context.Background(), nil, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	n, ok := g.Node("vault@lab:secret/a")
	if !ok || n.Attrs["tag.team"] != "x" || n.Attrs["current_version"] != "2" {
		t.Errorf("secret a = %+v, %v", n, ok)
	}
	if got := mountsCalls.Load(); got != 3 {
		t.Errorf("sys/mounts was asked %d times, want 3 (two retries)", got)
	}
	diags := g.Diagnostics()
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "permission denied on LIST secret/metadata/locked/") {
		t.Errorf("diagnostics = %v, want one permission denied", diags)
	}
}
