package integration

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	jwtauth "github.com/hashicorp/vault-plugin-auth-jwt"
	kubeauth "github.com/hashicorp/vault-plugin-auth-kubernetes"
	kv "github.com/hashicorp/vault-plugin-secrets-kv"
	"github.com/hashicorp/vault/api"
	"github.com/hashicorp/vault/audit"
	credAppRole "github.com/hashicorp/vault/builtin/credential/approle"
	credAws "github.com/hashicorp/vault/builtin/credential/aws"
	"github.com/hashicorp/vault/builtin/logical/pki"
	vaulthttp "github.com/hashicorp/vault/http"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/hashicorp/vault/vault"

	"github.com/convene-dev/convene/connectors/vaultaudit"
	"github.com/convene-dev/convene/graph"
)

// startAuditedVault is startVault with Vault's file audit device
// available.
func startAuditedVault(t *testing.T) *api.Client {
	t.Helper()
	core, _, root := vault.TestCoreUnsealedWithConfig(t, &vault.CoreConfig{
		LogicalBackends: map[string]logical.Factory{
			"kv": kv.Factory, "database": databaseFactory, "pki": pki.Factory,
		},
		CredentialBackends: map[string]logical.Factory{
			"approle": credAppRole.Factory, "jwt": jwtauth.Factory,
			"kubernetes": kubeauth.Factory, "aws": credAws.Factory,
		},
		AuditBackends: map[string]audit.Factory{"file": audit.NewFileBackend},
	})
	ln, addr := vaulthttp.TestServer(t, core)
	t.Cleanup(func() { ln.Close() })
	conf := api.DefaultConfig()
	conf.Address = addr
	c, err := api.NewClient(conf)
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(root)
	return c
}

// TestAuditLog enables a file audit device with log_raw on the estate's
// Vault, logs in through AppRole, JWT and Kubernetes auth, reads a secret
// with each token, and scans the log Vault wrote: every login and read is
// an observed use of the auth role the vault connector names, and the
// secret value the raw log holds reaches nothing convene produces.
func TestAuditLog(t *testing.T) {
	root := startAuditedVault(t)
	loadEstate(t, root, estateDir)
	logPath := filepath.Join(t.TempDir(), "audit.log")
	if err := root.Sys().EnableAuditWithOptions("file", &api.EnableAuditOptions{
		Type: "file", Options: map[string]string{"file_path": logPath, "log_raw": "true"}}); err != nil {
		t.Fatalf("enable the file audit device: %v", err)
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	reads := map[string]string{ // auth role -> secret read with its token
		"vault:auth/approle/role/backup-agent":    "secret/data/backup/s3",
		"vault:auth/jwt/role/gha-payments-deploy": "secret/data/payments/db",
		"vault:auth/kubernetes/role/payments-api": "secret/data/payments/stripe-webhook",
	}
	tokens := map[string]string{
		"vault:auth/approle/role/backup-agent":    appRoleLogin(t, root),
		"vault:auth/jwt/role/gha-payments-deploy": jwtLogin(t, root, key),
		"vault:auth/kubernetes/role/payments-api": kubernetesLogin(t, root, key),
	}
	for role, path := range reads {
		c, err := root.Clone()
		if err != nil {
			t.Fatal(err)
		}
		c.SetToken(tokens[role])
		if _, err := c.Logical().Read(path); err != nil {
			t.Fatalf("%s reading %s: %v", role, path, err)
		}
	}
	if err := root.Sys().DisableAudit("file"); err != nil { // flushes and closes the log
		t.Fatal(err)
	}

	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), dummyValue) {
		t.Fatal("the raw audit log holds no secret value: log_raw did not take, so the test proves nothing")
	}
	p := filepath.ToSlash(logPath)
	if !vaultaudit.New(nil).Claims(p, raw[:min(len(raw), 8<<10)]) {
		t.Fatal("the vault-audit connector does not claim Vault's own audit log")
	}
	b := graph.NewBuilder()
	if err := vaultaudit.New(nil).Discover(context.Background(), []string{p}, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	for _, d := range g.Diagnostics() {
		t.Errorf("diagnostic: %s", d)
	}
	var out strings.Builder
	if err := g.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String()+g.String(), dummyValue) {
		t.Fatal("a secret value from the raw audit log reached the graph")
	}
	got := map[string]bool{}
	for _, n := range g.Nodes() {
		got[n.Attrs["observed.kind"]+" "+n.Attrs["observed.subject"]+" "+n.Attrs["observed.object"]] = true
	}
	for role, path := range reads {
		object := "vault:" + strings.Replace(path, "/data/", "/", 1)
		for _, want := range []string{"authenticates_as " + role + " " + role, "reads " + role + " " + object} {
			if !got[want] {
				t.Errorf("no observed use %q; got %v", want, got)
			}
		}
	}
}

// appRoleLogin logs in as the estate's AppRole backup-agent.
func appRoleLogin(t *testing.T, root *api.Client) string {
	t.Helper()
	id, err := root.Logical().Read("auth/approle/role/backup-agent/role-id")
	if err != nil {
		t.Fatal(err)
	}
	sec, err := root.Logical().Write("auth/approle/role/backup-agent/secret-id", nil)
	if err != nil {
		t.Fatal(err)
	}
	return login(t, root, "auth/approle/login", map[string]any{
		"role_id": id.Data["role_id"], "secret_id": sec.Data["secret_id"]})
}

// jwtLogin configures the jwt mount with key's public half and logs in as
// gha-payments-deploy with a token shaped like GitHub Actions'.
func jwtLogin(t *testing.T, root *api.Client, key *ecdsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pub := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
	if _, err := root.Logical().Write("auth/jwt/config", map[string]any{"jwt_validation_pubkeys": []string{pub}}); err != nil {
		t.Fatalf("configure jwt: %v", err)
	}
	tok := sign(t, key, map[string]any{
		"iss": "https://token.actions.githubusercontent.com", "aud": "https://github.com/northwind",
		"sub": "repo:northwind/payments-api:environment:production", "repository": "northwind/payments-api",
		"environment": "production", "actor": "release-bot",
	})
	return login(t, root, "auth/jwt/login", map[string]any{"role": "gha-payments-deploy", "jwt": tok})
}

// kubernetesLogin points the kubernetes mount at a TokenReview endpoint
// that accepts the token as payments/payments-api and logs in as the role
// payments-api with a service account token.
func kubernetesLogin(t *testing.T, root *api.Client, key *ecdsa.PrivateKey) string {
	t.Helper()
	const ns, sa, uid = "payments", "payments-api", "7c1f5a0e-3b8d-4e2a-9f61-2d0c8b7a4e13"
	review := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/apis/authentication.k8s.io/v1/tokenreviews") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview",
			"status": map[string]any{"authenticated": true, "user": map[string]any{
				"username": "system:serviceaccount:" + ns + ":" + sa, "uid": uid}},
		})
	}))
	t.Cleanup(review.Close)
	ca := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: review.Certificate().Raw}))
	if _, err := root.Logical().Write("auth/kubernetes/config", map[string]any{
		"kubernetes_host": review.URL, "kubernetes_ca_cert": ca, "disable_local_ca_jwt": true,
		"token_reviewer_jwt": "reviewer-token-not-a-secret"}); err != nil {
		t.Fatalf("configure kubernetes: %v", err)
	}
	tok := sign(t, key, map[string]any{
		"iss":                                    "kubernetes/serviceaccount",
		"sub":                                    "system:serviceaccount:" + ns + ":" + sa,
		"kubernetes.io/serviceaccount/namespace": ns,
		"kubernetes.io/serviceaccount/service-account.name": sa,
		"kubernetes.io/serviceaccount/service-account.uid":  uid,
		"kubernetes.io/serviceaccount/secret.name":          sa + "-token",
	})
	return login(t, root, "auth/kubernetes/login", map[string]any{"role": "payments-api", "jwt": tok})
}

func sign(t *testing.T, key *ecdsa.PrivateKey, claims map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	claims["iat"], claims["nbf"], claims["exp"] = now.Unix(), now.Add(-time.Minute).Unix(), now.Add(time.Hour).Unix()
	tok, err := josejwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// login writes to a login path with a client that holds no token and
// returns the token issued.
func login(t *testing.T, root *api.Client, path string, data map[string]any) string {
	t.Helper()
	c, err := root.Clone()
	if err != nil {
		t.Fatal(err)
	}
	c.ClearToken()
	sec, err := c.Logical().Write(path, data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if sec == nil || sec.Auth == nil {
		t.Fatalf("%s: no token issued", path)
	}
	return sec.Auth.ClientToken
}
