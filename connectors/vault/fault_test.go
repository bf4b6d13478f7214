package vault

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// injectFault answers a request the way a failing Vault or network would.
func injectFault(w http.ResponseWriter, r *http.Request, kind string) {
	switch kind {
	case "throttle":
		w.Header().Set("Retry-After", "0")
		http.Error(w, `{"errors":["rate limit quota exceeded"]}`, http.StatusTooManyRequests)
	case "5xx":
		http.Error(w, `{"errors":["internal error"]}`, http.StatusInternalServerError)
	case "reset":
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				c.Close()
			}
		}
	case "stall":
		select { // until the client gives up: longer than VAULT_CLIENT_TIMEOUT
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	case "truncate":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "400")
		fmt.Fprint(w, `{"data": {"keys": ["x", "y`)
		if hj, ok := w.(http.Hijacker); ok {
			if c, buf, err := hj.Hijack(); err == nil {
				buf.Flush()
				c.Close()
			}
		}
	}
}

// TestLiveUnderFault points the live path at a Vault whose listing of one
// folder, in the middle of the walk, keeps failing one way: the scan ends
// within its deadline after a bounded number of attempts, the secrets read
// elsewhere land, and a diagnostic names the folder not read.
func TestLiveUnderFault(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out client timeouts")
	}
	for _, kind := range []string{"throttle", "5xx", "reset", "stall", "truncate"} {
		t.Run(kind, func(t *testing.T) {
			var faulted atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				p := strings.TrimPrefix(r.URL.Path, "/v1/")
				list := r.Method == "LIST" || r.URL.Query().Get("list") == "true"
				w.Header().Set("Content-Type", "application/json")
				switch {
				case p == "sys/seal-status":
					fmt.Fprint(w, `{"sealed": false}`)
				case p == "sys/mounts":
					fmt.Fprint(w, `{"data": {"secret/": {"type": "kv", "options": {"version": "2"}}}}`)
				case list && p == "secret/metadata":
					fmt.Fprint(w, `{"data": {"keys": ["a", "team/", "z"]}}`)
				case list && p == "secret/metadata/team":
					faulted.Add(1)
					injectFault(w, r, kind)
				case p == "secret/metadata/a" || p == "secret/metadata/z":
					fmt.Fprint(w, `{"data": {"current_version": 1}}`)
				default:
					http.Error(w, `{"errors":[]}`, http.StatusNotFound)
				}
			}))
			defer srv.Close()
			t.Setenv("VAULT_CLIENT_TIMEOUT", "4s")
			t.Setenv("VAULT_MAX_RETRIES", "2")
			t.Setenv("CONVENE_TEST_VAULT_TOKEN", "test-token")
			cfg := config.Default()
			cfg.Vault.Enabled = true
			cfg.Vault.Clusters = []config.VaultCluster{{Name: "lab", Address: srv.URL, TokenEnv: "CONVENE_TEST_VAULT_TOKEN"}}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			start := time.Now()
			b := graph.NewBuilder()
			err := New(cfg).Discover(ctx, nil, b)
			took := time.Since(start)
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			if took > 20*time.Second {
				t.Errorf("took %s", took)
			}
			// 1 + VAULT_MAX_RETRIES attempts; net/http may resend an
			// idempotent request once on a connection closed under it.
			if n := faulted.Load(); n < 1 || n > 6 {
				t.Errorf("the failing folder was asked %d times, want 1 to 6 (bounded retries)", n)
			}
			g := b.Build()
			for _, id := range []string{"vault@lab:secret/a", "vault@lab:secret/z"} {
				if _, ok := g.Node(id); !ok {
					t.Errorf("%s did not land beside the failing folder", id)
				}
			}
			var named bool
			for _, d := range g.Diagnostics() {
				if strings.Contains(d.Message, "secret/metadata/team") || strings.Contains(d.File, "secret/metadata/team") {
					named = true
				}
			}
			if !named {
				t.Errorf("no diagnostic names the folder not read: %v", g.Diagnostics())
			}
			t.Logf("%s: %s, %d attempts, diagnostics %v", kind, took.Round(time.Millisecond), faulted.Load(), g.Diagnostics())
		})
	}
}
