package integration

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/vault/api"

	vaultconn "github.com/convene-dev/convene/connectors/vault"
)

// matchPolicies are overlapping rules of every kind Vault's priority
// ordering distinguishes.
var matchPolicies = map[string]string{
	"globs": `
path "secret/*" { capabilities = ["read"] }
path "secret/foo*" { capabilities = ["list"] }
path "secret/foo" { capabilities = ["update"] }
path "secret/super-secret" { capabilities = ["deny"] }
path "secret/*/literal" { capabilities = ["create"] }`,
	"segments": `
path "foo/a*" { capabilities = ["read"] }
path "foo/+" { capabilities = ["list"] }
path "foo/*" { capabilities = ["update"] }
path "foo/bar/+/baz" { capabilities = ["create"] }
path "foo/+/+/baz" { capabilities = ["delete"] }
path "foo/+/bar" { capabilities = ["sudo"] }
path "foo/+/ba*" { capabilities = ["patch"] }
path "foo/+/bar/ba*" { capabilities = ["read", "list"] }
path "foo/+/bar/b*" { capabilities = ["deny"] }
path "+/data/app" { capabilities = ["read"] }
path "x/+/y/+" { capabilities = ["read"] }
path "x/+/+/z" { capabilities = ["list"] }`,
	"kv": `
path "secret/data/payments/+" { capabilities = ["read"] }
path "secret/data/payments/stripe-*" { capabilities = ["deny"] }
path "secret/payments/*" { capabilities = ["read"] }
path "auth/+/role/*" { capabilities = ["read"] }
path "auth/+/role/+/secret-id*" { capabilities = ["deny"] }`,
	"legacy": `
path "old/*" { policy = "write" }
path "old/ro/*" { policy = "read" }
path "old/ro/no" { policy = "deny" }
path "old/sudo" { policy = "sudo" }`,
}

var matchPaths = []string{
	"secret/foo", "secret/foobar", "secret/foo/bar", "secret/super-secret", "secret/other", "secret/*/literal",
	"secret/a/literal", "secret", "foo/ab", "foo/x", "foo/x/y", "foo/bar/x/baz", "foo/q/x/baz", "foo/x/bar",
	"foo/x/bax", "foo/x/bar/baz", "foo/x/bar/bz", "kv/data/app", "x/1/y/z", "x/1/2/z",
	"secret/data/payments/db", "secret/data/payments/stripe-webhook", "secret/data/payments/a/b",
	"secret/payments/db", "auth/approle/role/r", "auth/approle/role/r/secret-id", "auth/approle/role/r/role-id",
	"old/x", "old/ro/x", "old/ro/no", "old/sudo", "old", "database/creds/warehouse-readonly",
}

// TestMatcherAgainstVault asks the real Vault, through sys/capabilities,
// what a token holding only one policy may do on each path, and compares
// with convene's matcher, for tricky policies, the estate's, the reader
// policy and the corpus of real policies.
func TestMatcherAgainstVault(t *testing.T) {
	root := startVault(t)
	policies := map[string]string{"convene-reader": vaultconn.ReaderPolicy}
	for k, v := range matchPolicies {
		policies[k] = v
	}
	files, _ := filepath.Glob(filepath.Join(estateDir, "policies", "*.hcl"))
	corpus, _ := filepath.Glob(filepath.Join("..", "..", "..", "..", "shared", "corpus", "vault-policies-hcl", "*", "*.hcl"))
	for _, f := range append(files, corpus...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		policies[strings.ReplaceAll(strings.TrimSuffix(filepath.Base(f), ".hcl"), "_", "-")] = string(data)
	}
	paths := slices.Clone(matchPaths)
	for _, text := range policies {
		p, err := vaultconn.ParsePolicy("", text)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Rules { // probe each rule's own path and one below it
			base := strings.ReplaceAll(strings.TrimSuffix(r.Path, "*"), "+", "x")
			// sys/capabilities answers as for a LIST, whose trailing-slash
			// fallbacks convene does not model (it matches read paths of
			// secrets, which never end in "/"), so probes carry none.
			base = strings.TrimSuffix(base, "/")
			paths = append(paths, base, base+"z", base+"/z")
		}
	}
	checked := 0
	for name, text := range policies {
		if err := root.Sys().PutPolicy(name, text); err != nil {
			t.Fatalf("Vault refuses policy %s: %v", name, err)
		}
		sec, err := root.Auth().Token().Create(&api.TokenCreateRequest{Policies: []string{name}, NoDefaultPolicy: true})
		if err != nil {
			t.Fatal(err)
		}
		ours, err := vaultconn.ParsePolicy(name, text)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			want := capabilities(t, root, sec.Auth.ClientToken, p)
			slices.Sort(want)
			got := ours.Capabilities(p)
			if got == nil {
				got = []string{"deny"}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("policy %s, path %s (-vault +convene):\n%s", name, p, diff)
			}
			checked++
		}
	}
	t.Logf("compared %d policy/path pairs with Vault", checked)
}

// capabilities asks Vault's sys/capabilities, decoding the answer by hand:
// vault/api's Secret cannot hold the answer for a path named "auth".
func capabilities(t *testing.T, c *api.Client, token, path string) []string {
	t.Helper()
	r := c.NewRequest("POST", "/v1/sys/capabilities")
	if err := r.SetJSONBody(map[string]any{"token": token, "paths": []string{path}}); err != nil {
		t.Fatal(err)
	}
	resp, err := c.RawRequest(r) //nolint:staticcheck // the typed call cannot decode every path
	if err != nil {
		t.Fatalf("capabilities %s: %v", path, err)
	}
	defer resp.Body.Close()
	var out struct {
		Data map[string][]string `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Data[path]
}
