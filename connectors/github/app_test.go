package github

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/connectors/github/githubtest"
	"github.com/convene-dev/convene/internal/config"
)

// TestAppAuth: with a GitHub App configured, the connector signs a JWT with
// the App's key, exchanges it for an installation token, and reads with
// that token; no environment token is needed.
func TestAppAuth(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "")
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "app.pem")
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600)
	s := fakeOrg(t)
	c, _, _ := newTest(s, func(g *config.GitHub) {
		g.App = config.GitHubApp{ID: 4242, InstallationID: 99, PrivateKeyFile: keyFile}
	})
	discover(t, c)
	var jwt string
	sawToken := false
	for _, a := range s.Auth() {
		method, value, _ := strings.Cut(a, " ")
		switch {
		case method == "POST":
			jwt = strings.TrimPrefix(value, "Bearer ")
		case value == "Bearer "+githubtest.InstallationToken:
			sawToken = true
		default:
			t.Errorf("a read carried %q, not the installation token", a)
		}
	}
	if !sawToken {
		t.Error("no read carried the installation token")
	}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("JWT = %q", jwt)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Iss      string `json:"iss"`
		Iat, Exp int64
	}
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Iss != "4242" || claims.Exp-claims.Iat != 600 || claims.Iat > time.Now().Unix() {
		t.Errorf("claims = %+v", claims)
	}
}

func TestNoToken(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "")
	s := fakeOrg(t)
	c, _, _ := newTest(s, nil)
	err := c.Discover(t.Context(), nil, nil)
	if err == nil || !strings.Contains(err.Error(), "GITHUB_TOKEN") {
		t.Errorf("Discover without a token = %v", err)
	}
}

// TestInstallationRepositories: an App configured without organisations
// reads the repositories its installation was granted, and their
// organisations' settings.
func TestInstallationRepositories(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	t.Setenv("CONVENE_TEST_APP_KEY", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})))
	s := fakeOrg(t)
	s.JSON("/installation/repositories", `{"total_count":1,"repositories":[{"id":1296269,"name":"payments-api","full_name":"northwind/payments-api",
		"owner":{"login":"northwind","type":"Organization"},"private":true,"visibility":"private","default_branch":"main"}]}`)
	c, _, files := newTest(s, func(g *config.GitHub) {
		g.Organizations = nil
		g.App = config.GitHubApp{ID: 1, InstallationID: 2, PrivateKeyEnv: "CONVENE_TEST_APP_KEY"}
	})
	g := discover(t, c)
	if n := len(files.Paths()); n != 7 {
		t.Errorf("fetched %d files, want the repository's 7", n)
	}
	if got := attr(g, "github.com/northwind", AttrOIDCSubKeys); got != `["repo","context"]` {
		t.Errorf("the organisation was not read: oidc keys %q", got)
	}
	if s.Requests("/repos/northwind/locked/git/trees/main") != 0 {
		t.Error("a repository outside the installation was read")
	}
}
