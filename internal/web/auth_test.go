package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/internal/web"
)

func TestCheckListen(t *testing.T) {
	withToken := tokenAuth(t, "s3cr3t-test-token")
	tests := []struct {
		addr string
		auth *web.Auth
		ok   bool
	}{
		{"127.0.0.1:9464", nil, true},
		{"[::1]:9464", nil, true},
		{"localhost:9464", nil, true},
		{"127.0.0.2:80", nil, true},
		{"0.0.0.0:9464", nil, false},
		{":9464", nil, false},
		{"10.1.2.3:9464", nil, false},
		{"[::]:9464", nil, false},
		{"0.0.0.0:9464", withToken, true},
		{"0.0.0.0:9464", &web.Auth{ProxyHeader: "X-Forwarded-Email", ProxyAllow: []string{"@example.com"}}, true},
		{"no-port", nil, false},
	}
	for _, tc := range tests {
		err := web.CheckListen(tc.addr, tc.auth)
		if (err == nil) != tc.ok {
			t.Errorf("CheckListen(%q, auth %v) = %v, want ok %v", tc.addr, tc.auth.Configured(), err, tc.ok)
		}
	}
}

func tokenAuth(t *testing.T, tokens ...string) *web.Auth {
	t.Helper()
	var lines []string
	for i, tok := range tokens {
		sum := sha256.Sum256([]byte(tok))
		lines = append(lines, hex.EncodeToString(sum[:])+" client-"+string(rune('a'+i)))
	}
	path := filepath.Join(t.TempDir(), "tokens")
	os.WriteFile(path, []byte("# digests of the API's tokens\n\n"+strings.Join(lines, "\n")+"\n"), 0o600)
	a := &web.Auth{}
	if err := a.LoadTokens(path); err != nil {
		t.Fatal(err)
	}
	return a
}

func TestLoadTokensRefusesAPlainToken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens")
	os.WriteFile(path, []byte("# tokens\nplain-token-value-here\n"), 0o600)
	err := (&web.Auth{}).LoadTokens(path)
	if err == nil || !strings.Contains(err.Error(), ":2: not a SHA-256 digest") {
		t.Fatalf("LoadTokens = %v, want an error naming line 2", err)
	}
	if strings.Contains(err.Error(), "plain-token-value-here") {
		t.Errorf("the error repeats the token: %v", err)
	}
}

func TestAuthGuardsTheAPI(t *testing.T) {
	auth := tokenAuth(t, "token-one", "token-two")
	auth.ProxyHeader, auth.ProxyAllow = "X-Forwarded-Email", []string{"ops@example.com", "@sec.example.com"}
	srv, _ := newServer(t, web.Options{Auth: auth})
	tests := []struct {
		name   string
		call   call
		status int
	}{
		{"no credentials", call{path: "/api/v1/nodes?q=db"}, 401},
		{"wrong token", call{path: "/api/v1/nodes?q=db", header: map[string]string{"Authorization": "Bearer token-three"}}, 401},
		{"first token", call{path: "/api/v1/nodes?q=db", header: map[string]string{"Authorization": "Bearer token-one"}}, 200},
		{"second token", call{path: "/api/v1/owners", header: map[string]string{"Authorization": "Bearer token-two"}}, 200},
		{"proxy user allowed", call{path: "/api/v1/nodes", header: map[string]string{"X-Forwarded-Email": "ops@example.com"}}, 200},
		{"proxy domain allowed", call{path: "/api/v1/nodes", header: map[string]string{"X-Forwarded-Email": "Ana@sec.example.com"}}, 200},
		{"proxy user refused", call{path: "/api/v1/nodes", header: map[string]string{"X-Forwarded-Email": "mallory@evil.example"}}, 401},
		{"plan needs auth", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","target":"user/svc-backup"}`}, 401},
		{"plan with token", call{method: "POST", path: "/api/v1/plans", body: `{"action":"rotate","target":"user/svc-backup"}`, header: map[string]string{"Authorization": "Bearer token-one"}}, 200},
		// The document and the UI's files hold no data.
		{"document open", call{path: "/api/v1/openapi.json"}, 200},
		{"ui open", call{path: "/ui/"}, 200},
		{"ui script open", call{path: "/ui/static/app.js"}, 200},
		// Read-only: nothing else is routed.
		{"no delete", call{method: "DELETE", path: "/api/v1/nodes/db", header: map[string]string{"Authorization": "Bearer token-one"}}, 405},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if status, _, body := do(t, srv, tc.call); status != tc.status {
				t.Errorf("got %d, want %d:\n%s", status, tc.status, body)
			}
		})
	}
}

// Each API request is logged with who made it, never with its token or
// query.
func TestAccessLog(t *testing.T) {
	var buf bytes.Buffer
	log := zerolog.New(&buf)
	auth := tokenAuth(t, "token-for-the-log")
	srv, _ := newServer(t, web.Options{Auth: auth, Log: &log})
	do(t, srv, call{path: "/api/v1/nodes?q=payments", header: map[string]string{"Authorization": "Bearer token-for-the-log"}})
	do(t, srv, call{path: "/api/v1/owners"})
	do(t, srv, call{path: "/ui/"})
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		delete(m, "took")
		delete(m, "remote")
		lines = append(lines, m)
	}
	want := []map[string]any{
		{"level": "info", "message": "api request", "method": "GET", "path": "/api/v1/nodes", "status": 200.0, "bytes": lines[0]["bytes"], "who": "token client-a"},
		{"level": "info", "message": "api request", "method": "GET", "path": "/api/v1/owners", "status": 401.0, "bytes": lines[1]["bytes"], "who": ""},
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("access log (-want +got):\n%s", diff)
	}
	if strings.Contains(buf.String(), "token-for-the-log") || strings.Contains(buf.String(), "payments") {
		t.Errorf("the log holds the token or the query:\n%s", buf.String())
	}
}
