package vault

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// estateInventory is the sample estate's recording, re-recorded from a
// real Vault by the integration module's test with -update.
var estateInventory = filepath.Join("..", "..", "testdata", "estate", "vault", "inventory.json")

func TestClaims(t *testing.T) {
	tests := []struct {
		path, head string
		want       bool
	}{
		{"vault/inventory.json", `{"convene_vault_inventory": 1, "cluster": ""}`, true},
		{"any/name.json", "{\n  \"convene_vault_inventory\": 1", true},
		{"vault/inventory.json", `{"format": "convene-graph"}`, false},
		{"vault/inventory.yaml", `convene_vault_inventory: 1`, false},
		{"policies/app.hcl", `path "x" {}`, false},
	}
	for _, tt := range tests {
		if got := New(nil).Claims(tt.path, []byte(tt.head)); got != tt.want {
			t.Errorf("Claims(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// TestEstateDemo reads the sample estate's recording through Discover, as
// `convene scan testdata/estate` does.
func TestEstateDemo(t *testing.T) {
	if _, err := os.Stat(estateInventory); err != nil {
		t.Skipf("no recording at %s: record it with the integration module's go test -update", estateInventory)
	}
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), []string{estateInventory}, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	for _, d := range g.Diagnostics() {
		t.Errorf("unexpected diagnostic: %s", d)
	}
	golden(t, filepath.Join("testdata", "estate.golden"), []byte(g.String()))
}

func TestDiscoverBadFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "inventory.json")
	if err := os.WriteFile(bad, []byte("{\"convene_vault_inventory\": 1,\n \"responses\": {\"READ x\": [}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	future := filepath.Join(dir, "future.json")
	if err := os.WriteFile(future, []byte(`{"convene_vault_inventory": 2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), []string{bad, future, filepath.Join(dir, "missing.json")}, b); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range b.Build().Diagnostics() {
		got = append(got, filepath.Base(d.File)+":"+string(rune('0'+d.Line)))
	}
	if diff := cmp.Diff([]string{"future.json:0", "inventory.json:2", "missing.json:0"}, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// failing is a Client whose every request fails with err, or answers st
// for sys/seal-status.
type failing struct {
	err error
	st  map[string]any
}

func (f failing) List(context.Context, string) ([]string, error) { return nil, f.err }
func (f failing) Read(_ context.Context, p string) (map[string]any, error) {
	if p == "sys/seal-status" && f.st != nil {
		return f.st, nil
	}
	return nil, f.err
}

func TestLiveFaults(t *testing.T) {
	on := true
	cfg := &config.Config{Vault: config.Vault{Clusters: []config.VaultCluster{{Name: "eu", Enabled: &on}}}}
	tests := []struct {
		name   string
		client failing
		want   string
	}{
		{"unreachable", failing{err: errors.New("dial tcp 10.0.0.1:8200: connect: connection refused")},
			"vault at https://vault.eu:8200 cannot be reached: dial tcp 10.0.0.1:8200: connect: connection refused"},
		{"sealed", failing{st: map[string]any{"sealed": true}},
			"vault at https://vault.eu:8200 is sealed; unseal it and scan again"},
		{"bad token", failing{st: map[string]any{"sealed": false}, err: &StatusError{Status: 403, Msg: "permission denied"}},
			"read mount table of https://vault.eu:8200: vault answered 403: permission denied; check the token, and that it holds convene-reader.hcl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := New(cfg)
			c.newClient = func(config.VaultCluster, int) (Client, string, error) { return tt.client, "https://vault.eu:8200", nil }
			err := c.Discover(context.Background(), nil, graph.NewBuilder())
			if err == nil || err.Error() != tt.want {
				t.Errorf("Discover() = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestLiveOnlyWhenEnabled: the defaults never reach a server, even with
// VAULT_ADDR set.
func TestLiveOnlyWhenEnabled(t *testing.T) {
	t.Setenv("VAULT_ADDR", "https://vault.example:8200")
	c := New(config.Default())
	c.newClient = func(config.VaultCluster, int) (Client, string, error) {
		t.Fatal("a live client was built with the default configuration")
		return nil, "", nil
	}
	if err := c.Discover(context.Background(), nil, graph.NewBuilder()); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Vault.Enabled = true
	if got := cfg.Vault.LiveClusters(); len(got) != 1 || got[0].Name != "" {
		t.Errorf("LiveClusters() with enabled and VAULT_ADDR = %+v, want the default cluster", got)
	}
}

func TestAboutNamesReaderPolicy(t *testing.T) {
	_, needs := New(nil).About()
	if !strings.Contains(needs, "convene-reader.hcl") {
		t.Errorf("About() needs does not name convene-reader.hcl:\n%s", needs)
	}
	if _, err := ParsePolicy("convene-reader", ReaderPolicy); err != nil {
		t.Errorf("convene-reader.hcl: %v", err)
	}
}

// TestReaderPolicyNeverReachesValues checks convene-reader.hcl with the
// matcher: metadata yes, values no.
func TestReaderPolicyNeverReachesValues(t *testing.T) {
	p, err := ParsePolicy("convene-reader", ReaderPolicy)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]bool{
		"sys/mounts": true, "secret/metadata/payments/db": true, "auth/kubernetes/role/payments-api": true,
		"database/roles/warehouse-readonly": true, "sys/policies/acl/backup": true,
		"secret/data/payments/db": false, "database/creds/warehouse-readonly": false,
		"database/static-creds/ledger-app": false, "auth/approle/role/backup-agent/role-id": false,
		"auth/approle/role/backup-agent/secret-id": false, "kv/data/x/y": false,
	} {
		if got := p.Allows(path, "read"); got != want {
			t.Errorf("convene-reader read %s = %v, want %v", path, got, want)
		}
	}
}
