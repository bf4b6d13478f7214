package vault

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// fakeInventory is a small Vault with one of everything the connector
// reads, and the faults it must survive.
const fakeInventory = `{
  "convene_vault_inventory": 1,
  "cluster": "",
  "responses": {
    "READ sys/mounts": {"data": {
      "secret/": {"type": "kv", "options": {"version": "2"}, "description": "apps"},
      "old/": {"type": "kv", "options": {"version": "1"}},
      "database/": {"type": "database"},
      "pki/": {"type": "pki"},
      "aws/": {"type": "aws"},
      "sys/": {"type": "system"}}},
    "READ sys/auth": {"data": {
      "kubernetes/": {"type": "kubernetes"},
      "jwt/": {"type": "jwt"},
      "userpass/": {"type": "userpass"},
      "ldap/": {"type": "ldap"},
      "token/": {"type": "token"}}},
    "LIST auth/userpass/users": {"keys": ["break-glass"]},
    "READ auth/userpass/users/break-glass": {"data": {"token_policies": ["app"], "token_ttl": 900}},
    "LIST auth/ldap/groups": {"keys": ["sre"]},
    "READ auth/ldap/groups/sre": {"data": {"policies": ["app", "wide-v1"]}},
    "LIST auth/ldap/users": {"status": 403, "error": "permission denied"},
    "LIST aws/roles": {"keys": ["deploy"]},
    "READ aws/roles/deploy": {"data": {"credential_type": "assumed_role",
      "role_arns": ["arn:aws:iam::111122223333:role/payments-deploy"], "default_sts_ttl": 3600}},
    "LIST secret/metadata/": {"keys": ["app/", "top"]},
    "LIST secret/metadata/app/": {"keys": ["db", "hidden/"]},
    "LIST secret/metadata/app/hidden/": {"status": 403, "error": "permission denied"},
    "READ secret/metadata/app/db": {"data": {"created_time": "2024-01-02T03:04:05.123456Z",
      "updated_time": "2024-02-02T03:04:05Z", "current_version": 3, "max_versions": 10,
      "delete_version_after": "0s", "custom_metadata": {"owner": "team-app"},
      "versions": {"3": {"deletion_time": "", "destroyed": false}}}},
    "READ secret/metadata/top": {"data": {"current_version": 1}},
    "LIST old/": {"keys": ["legacy"]},
    "LIST database/roles": {"keys": ["ro"]},
    "READ database/roles/ro": {"data": {"db_name": "pg", "default_ttl": 3600,
      "creation_statements": ["CREATE ROLE x PASSWORD 'p'"]}},
    "LIST database/static-roles": {"keys": ["app"]},
    "READ database/static-roles/app": {"data": {"db_name": "pg", "username": "app",
      "rotation_period": 86400, "last_vault_rotation": "2024-03-01T00:00:00.5+01:00"}},
    "LIST pki/roles": {"keys": ["web"]},
    "READ pki/roles/web": {"data": {"allowed_domains": ["example.com"], "max_ttl": 720}},
    "LIST sys/policies/acl": {"keys": ["app", "broken", "root", "tmpl", "wide-v1"]},
    "READ sys/policies/acl/app": {"data": {"name": "app", "policy": "path \"secret/data/app/*\" { capabilities = [\"read\"] }\npath \"secret/data/top\" { capabilities = [\"deny\"] }\npath \"database/creds/ro\" { capabilities = [\"read\"] }\npath \"aws/creds/deploy\" { capabilities = [\"read\"] }"}},
    "READ sys/policies/acl/broken": {"data": {"name": "broken", "policy": "path \"x\" {\n capabilities = [\"read\"\n"}},
    "READ sys/policies/acl/root": {"data": {"name": "root", "policy": ""}},
    "READ sys/policies/acl/tmpl": {"data": {"name": "tmpl", "policy": "path \"secret/data/{{identity.entity.id}}/*\" { capabilities = [\"read\"] }\npath \"pki/issue/web\" { capabilities = [\"update\"] }\npath \"database/static-creds/*\" { capabilities = [\"read\"] }"}},
    "READ sys/policies/acl/wide-v1": {"data": {"name": "wide-v1", "policy": "path \"old/*\" { capabilities = [\"read\"] }\npath \"secret/*\" { capabilities = [\"read\"] }"}},
    "LIST auth/kubernetes/role": {"keys": ["app"]},
    "READ auth/kubernetes/role/app": {"data": {"bound_service_account_names": ["app", "app-*"],
      "bound_service_account_namespaces": ["apps"], "token_policies": ["app"], "policies": ["app", "ghost"]}},
    "LIST auth/jwt/role": {"keys": ["ci"]},
    "READ auth/jwt/role/ci": {"data": {"role_type": "jwt", "bound_claims": {"repository": "org/app"},
      "bound_claims_type": "string", "bound_audiences": ["https://github.com/org"], "user_claim": "actor",
      "token_policies": ["tmpl"]}}
  }
}`

// spy records every path asked of the client behind the guard.
type spy struct {
	next  Client
	mu    sync.Mutex
	reads []string
}

func (s *spy) List(ctx context.Context, p string) ([]string, error) { return s.next.List(ctx, p) }
func (s *spy) Read(ctx context.Context, p string) (map[string]any, error) {
	s.mu.Lock()
	s.reads = append(s.reads, p)
	s.mu.Unlock()
	return s.next.Read(ctx, p)
}

func scanFake(t *testing.T) (*graph.Graph, *spy) {
	t.Helper()
	inv, err := DecodeInventory([]byte(fakeInventory))
	if err != nil {
		t.Fatal(err)
	}
	sp := &spy{next: NewReplay(inv)}
	b := graph.NewBuilder()
	if err := Scan(context.Background(), sp, b, Options{Source: "https://vault.test:8200", Workers: 3}); err != nil {
		t.Fatal(err)
	}
	return b.Build(), sp
}

// TestScanGolden maps the fake Vault and compares the canonical graph.
func TestScanGolden(t *testing.T) {
	g, _ := scanFake(t)
	golden(t, filepath.Join("testdata", "fake.golden"), []byte(g.String()))
}

// TestNeverReadsSecretValues proves no request that could return a value
// reached the client: no data/ path, no KV v1 secret, no creds.
func TestNeverReadsSecretValues(t *testing.T) {
	_, sp := scanFake(t)
	for _, p := range sp.reads {
		if strings.Contains(p, "/data/") || strings.HasPrefix(p, "old/") || strings.Contains(p, "creds/") || strings.Contains(p, "/issue/") {
			t.Errorf("read %s, which could return a secret value", p)
		}
	}
	if !slices.Contains(sp.reads, "secret/metadata/app/db") {
		t.Errorf("reads %v miss the metadata of secret/app/db", sp.reads)
	}
}

func TestGuardRefuses(t *testing.T) {
	g := newGuard(NewReplay(&Inventory{}))
	g.setMount("secret/", 2)
	g.setMount("old/", 1)
	g.setMount("database/", 0)
	g.setMount("team/db/", 0)
	g.setMount("team/kv/", 2)
	tests := map[string]bool{
		"sys/mounts":                      true,
		"sys/policies/acl/app":            true,
		"auth/jwt/role/ci":                true,
		"secret/metadata/app/db":          true,
		"secret/config":                   true,
		"secret/data/app/db":              false,
		"/secret/data/app/db":             false,
		"old/legacy":                      false,
		"database/roles/ro":               true,
		"database/creds/ro":               false,
		"database/static-creds/app":       false,
		"pki/issue/web":                   false,
		"unknown/data/x":                  false,
		"sys/raw/logical":                 false,
		"sys/wrapping/unwrap":             false,
		"auth/approle/role/x/secret-id":   false,
		"auth/approle/role/x/role-id":     false,
		"cubbyhole/data/x":                false,
		"transit/export/encryption-key/k": false,
		"secret/metadata/app/creds":       true,
		"database/roles/creds":            true,
		"auth/jwt/role/token":             true,
		"auth/approle/role/role-id":       true,
		"team/db/creds/x":                 false,
		"team/db/roles/x":                 true,
		"team/kv/metadata/x":              true,
		"team/kv/data/x":                  false,
		"totp/code/x":                     false,
		"gcp/token/x":                     false,
	}
	for p, want := range tests {
		if got := g.allowed(p); got != want {
			t.Errorf("allowed(%q) = %v, want %v", p, got, want)
		}
		if !want {
			if _, err := g.Read(context.Background(), p); err == nil {
				t.Errorf("Read(%q) did not fail", p)
			}
		}
	}
}

// TestRoleAttrs checks the binding fields later link rules match on.
func TestRoleAttrs(t *testing.T) {
	g, _ := scanFake(t)
	n, ok := g.Node("vault:auth/kubernetes/role/app")
	if !ok {
		t.Fatal("kubernetes role missing")
	}
	var names []string
	if err := json.Unmarshal([]byte(n.Attrs["bound_service_account_names"]), &names); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"app", "app-*"}, names); diff != "" {
		t.Errorf("bound_service_account_names (-want +got):\n%s", diff)
	}
}
