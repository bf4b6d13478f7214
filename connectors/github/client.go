package github

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	gh "github.com/google/go-github/v84/github"

	"github.com/convene-dev/convene/internal/config"
)

// newClient builds the go-github client for cfg over t: a token from the
// environment, or a GitHub App installation token minted from the App's
// private key. Neither is ever logged.
func newClient(ctx context.Context, cfg config.GitHub, t *transport) (*gh.Client, error) {
	c := gh.NewClient(&http.Client{Transport: t})
	if cfg.APIURL != "" {
		var err error
		if c, err = c.WithEnterpriseURLs(cfg.APIURL, cfg.APIURL); err != nil {
			return nil, fmt.Errorf("github api_url %q: %w", cfg.APIURL, err)
		}
	}
	if cfg.App.ID != 0 {
		jwt, err := appJWT(cfg.App, time.Now())
		if err != nil {
			return nil, err
		}
		tok, _, err := c.WithAuthToken(jwt).Apps.CreateInstallationToken(ctx, cfg.App.InstallationID, nil)
		if err != nil {
			return nil, fmt.Errorf("github app %d: create an installation token for installation %d: %w; check the App's ID, key and installation", cfg.App.ID, cfg.App.InstallationID, err)
		}
		return c.WithAuthToken(tok.GetToken()), nil
	}
	token := cfg.Token()
	if token == "" {
		return nil, errors.New("github: no token: set GITHUB_TOKEN or GH_TOKEN (or the variable github.token_env names), or configure github.app; see docs/github.md")
	}
	return c.WithAuthToken(token), nil
}

// appJWT signs the short-lived JSON Web Token a GitHub App authenticates
// with (RS256, issued a minute in the past against clock drift, valid for
// nine minutes), as GitHub's documentation describes.
func appJWT(app config.GitHubApp, now time.Time) (string, error) {
	pemData, err := appKey(app)
	if err != nil {
		return "", err
	}
	block, _ := pem.Decode(pemData)
	if block == nil {
		return "", fmt.Errorf("github app %d: the private key is not PEM; give the .pem file GitHub generated", app.ID)
	}
	var key *rsa.PrivateKey
	if k, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		key = k
	} else if k, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		key, _ = k.(*rsa.PrivateKey)
	}
	if key == nil {
		return "", fmt.Errorf("github app %d: the private key is not an RSA key", app.ID)
	}
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	claims, _ := json.Marshal(map[string]any{"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(9 * time.Minute).Unix(), "iss": fmt.Sprint(app.ID)})
	signing := header + "." + enc.EncodeToString(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("github app %d: sign: %w", app.ID, err)
	}
	return signing + "." + enc.EncodeToString(sig), nil
}

func appKey(app config.GitHubApp) ([]byte, error) {
	if app.PrivateKeyEnv != "" {
		if v := os.Getenv(app.PrivateKeyEnv); v != "" {
			return []byte(v), nil
		}
		return nil, fmt.Errorf("github app %d: %s is empty; set it to the App's PEM private key", app.ID, app.PrivateKeyEnv)
	}
	data, err := os.ReadFile(app.PrivateKeyFile)
	if err != nil {
		return nil, fmt.Errorf("github app %d: read the private key: %w", app.ID, errors.Unwrap(err))
	}
	return data, nil
}

// hostOf is the host repositories are named under: the configured one,
// github.com for the public API, else the API URL's host.
func hostOf(cfg config.GitHub) string {
	if cfg.Host != "" {
		return strings.ToLower(cfg.Host)
	}
	if cfg.APIURL == "" {
		return "github.com"
	}
	u, err := url.Parse(cfg.APIURL)
	if err != nil || u.Hostname() == "" || u.Hostname() == "api.github.com" {
		return "github.com"
	}
	return strings.ToLower(u.Hostname())
}
