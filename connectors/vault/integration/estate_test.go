// Package integration tests the vault connector against a real Vault: the
// in-process test server of Vault itself, with the real KV, database, PKI,
// AppRole, JWT, Kubernetes and AWS backends. It is its own Go module so
// that Vault's large dependency tree never enters convene's.
package integration

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	jwtauth "github.com/hashicorp/vault-plugin-auth-jwt"
	kubeauth "github.com/hashicorp/vault-plugin-auth-kubernetes"
	kv "github.com/hashicorp/vault-plugin-secrets-kv"
	"github.com/hashicorp/vault/api"
	credAppRole "github.com/hashicorp/vault/builtin/credential/approle"
	credAws "github.com/hashicorp/vault/builtin/credential/aws"
	"github.com/hashicorp/vault/builtin/logical/pki"
	vaulthttp "github.com/hashicorp/vault/http"
	"github.com/hashicorp/vault/sdk/logical"
	"github.com/hashicorp/vault/vault"

	vaultconn "github.com/convene-dev/convene/connectors/vault"
	"github.com/convene-dev/convene/graph"
)

var update = flag.Bool("update", false, "rewrite the golden graph and the estate's recorded inventory.json")

// estateDir holds the files the estate's Vault is loaded from, and the
// recording the offline demo reads.
var estateDir = filepath.Join("..", "..", "..", "testdata", "estate", "vault")

// dummyValue is what every secret holds; the test fails if it appears in
// anything the connector produced.
const dummyValue = "dummy-value-convene-must-never-read"

// startVault starts an unsealed in-process Vault with the backends the
// estate uses and returns a root client.
func startVault(t testing.TB) *api.Client {
	t.Helper()
	core, _, root := vault.TestCoreUnsealedWithConfig(t, &vault.CoreConfig{
		LogicalBackends: map[string]logical.Factory{
			"kv": kv.Factory, "database": databaseFactory, "pki": pki.Factory,
		},
		CredentialBackends: map[string]logical.Factory{
			"approle": credAppRole.Factory, "jwt": jwtauth.Factory,
			"kubernetes": kubeauth.Factory, "aws": credAws.Factory,
		},
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

// readerClient returns a client whose token holds only convene-reader.hcl.
func readerClient(t testing.TB, root *api.Client) *api.Client {
	t.Helper()
	if err := root.Sys().PutPolicy("convene-reader", vaultconn.ReaderPolicy); err != nil {
		t.Fatalf("load convene-reader.hcl: %v", err)
	}
	sec, err := root.Auth().Token().Create(&api.TokenCreateRequest{Policies: []string{"convene-reader"}, NoDefaultPolicy: true})
	if err != nil {
		t.Fatal(err)
	}
	c, err := root.Clone()
	if err != nil {
		t.Fatal(err)
	}
	c.SetToken(sec.Auth.ClientToken)
	return c
}

// volatile matches what changes from one run to the next: times.
var volatile = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// TestEstate loads the sample estate's Vault, scans it with a token that
// holds only convene-reader.hcl, and compares the graph with a golden file.
// With -update it also re-records testdata/estate/vault/inventory.json.
func TestEstate(t *testing.T) {
	root := startVault(t)
	loadEstate(t, root, estateDir)
	reader := readerClient(t, root)

	rec := vaultconn.NewRecorder(vaultconn.WrapAPI(reader), "")
	b := graph.NewBuilder()
	var requests int64
	err := vaultconn.Scan(context.Background(), rec, b, vaultconn.Options{
		Source: "https://vault.northwind.example:8200", Workers: 8, Requests: &requests})
	if err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	got := volatile.ReplaceAllString(g.String(), "<time>")
	inv, err := rec.Inventory()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got, dummyValue) || strings.Contains(string(inv), dummyValue) {
		t.Fatal("a secret value reached the graph or the recording")
	}
	for _, d := range g.Diagnostics() {
		if strings.Contains(d.Message, "permission denied") {
			t.Errorf("convene-reader.hcl lacks a permission: %s", d)
		}
	}
	t.Logf("scan sent %d requests", requests)
	golden(t, filepath.Join("testdata", "estate.golden"), got)
	if *update {
		if err := os.WriteFile(filepath.Join(estateDir, "inventory.json"), inv, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the scan; run go test -update and review the diff:\n%s", path, got)
	}
}
