package access

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// vaultRole adds an auth role holding one policy with the given rules
// (the vault connector's `rules` attribute).
func (e *estate) vaultRole(path, policy, rules string) *estate {
	id := "vault:" + path
	mount := ""
	if parts := splitPath(path); len(parts) > 1 {
		mount = parts[1]
	}
	e.node(id, "vault-auth-role", path, map[string]string{"mount": mount})
	if policy != "" {
		pid := "vault:sys/policies/acl/" + policy
		attrs := map[string]string{"rules": rules}
		if policy == "root" {
			attrs = map[string]string{"root": "true"}
		}
		e.node(pid, "vault-policy", policy, attrs)
		e.edge(id, pid, graph.HasPolicy, nil)
	}
	return e
}

func splitPath(p string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(p); i++ {
		if i == len(p) || p[i] == '/' {
			out = append(out, p[start:i])
			start = i + 1
		}
	}
	return out
}

func TestVaultRules(t *testing.T) {
	const (
		etl    = "auth/aws/role/etl"
		backup = "auth/approle/role/backup"
		k8s    = "auth/kubernetes/role/api"
	)
	tests := []struct {
		name  string
		build func(*estate)
		want  []string
	}{
		{"write on auth/approle/role/* becomes every AppRole", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"auth/approle/role/*","capabilities":["create","update"]}]`).vaultRole(backup, "", "").vaultRole(k8s, "", "")
		}, []string{"vault:" + etl + " -> vault:" + backup + " vault-approle-secret-id"}}, // and vault-auth-role-write, in its evidence
		{"read only is not enough", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"auth/approle/role/*","capabilities":["read","list"]}]`).vaultRole(backup, "", "")
		}, nil},
		{"a SecretID of an AppRole", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"auth/approle/role/+/secret-id","capabilities":["update"]}]`).vaultRole(backup, "", "")
		}, []string{"vault:" + etl + " -> vault:" + backup + " vault-approle-secret-id"}},
		{"a deny in the same policy wins", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"auth/+/role/*","capabilities":["update"]},{"path":"auth/approle/role/backup*","capabilities":["deny"]}]`).vaultRole(backup, "", "")
		}, nil},
		{"rewriting its own policy becomes everyone", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"sys/policies/acl/*","capabilities":["create","update"]}]`).vaultRole(backup, "", "").vaultRole(k8s, "", "")
		}, []string{"vault:" + etl + " -> vault:" + backup + " vault-policy-write", "vault:" + etl + " -> vault:" + k8s + " vault-policy-write"}},
		{"enabling an auth method needs sudo", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"sys/auth/*","capabilities":["create","update"]}]`).vaultRole(backup, "", "")
		}, nil},
		{"enabling an auth method with sudo", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"sys/auth/*","capabilities":["create","update","sudo"]}]`).vaultRole(backup, "", "")
		}, []string{"vault:" + etl + " -> vault:" + backup + " vault-auth-mount"}},
		{"identity groups", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"identity/*","capabilities":["create","update"]}]`).vaultRole(backup, "", "")
		}, []string{"vault:" + etl + " -> vault:" + backup + " vault-identity"}},
		{"token creation with sudo", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"auth/token/create","capabilities":["update","sudo"]}]`).vaultRole(backup, "", "")
		}, []string{"vault:" + etl + " -> vault:" + backup + " vault-token-create"}},
		{"token creation without sudo only gives a subset", func(e *estate) {
			e.vaultRole(etl, "etl", `[{"path":"auth/token/create","capabilities":["update"]}]`).vaultRole(backup, "", "")
		}, nil},
		{"root", func(e *estate) {
			e.vaultRole(etl, "root", "").vaultRole(backup, "", "")
		}, []string{"vault:" + etl + " -> vault:" + backup + " vault-root"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEstate()
			tt.build(e)
			_, got := e.derive(t)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("can_become (-want +got):\n%s", diff)
			}
		})
	}
}
