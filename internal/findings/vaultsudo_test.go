package findings

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestVaultSudoAdmin checks NHI-ADMIN on Vault policies as the Vault
// connector writes them (docs/vault.md): the policy node holds its rules,
// a JSON list of {path, capabilities, line}; capabilities is an attribute
// of the grants edges only, which exist just for the secrets and roles
// the scan found, so a sudo on sys/ paths has none.
func TestVaultSudoAdmin(t *testing.T) {
	const (
		role   = "vault:auth/approle/role/etl|identity|vault-auth-role"
		policy = "vault:sys/policies/acl/ops|policy|vault-policy|rules="
		held   = "vault:auth/approle/role/etl>has_policy>vault:sys/policies/acl/ops"
		kv     = "vault:secret/data/app|credential|vault-kv-secret"
	)
	for name, tc := range map[string]struct {
		f    fixture
		want []string
	}{
		"sudo on sys paths": {fixture{[]string{role, policy + `[{"path":"sys/mounts/*","capabilities":["create","read","sudo","update"],"line":4}]`}, []string{held}},
			[]string{"vault:auth/approle/role/etl"}},
		"sudo beside a grant": {fixture{[]string{role, kv, policy + `[{"path":"secret/*","capabilities":["read","sudo"],"line":1}]`},
			[]string{held, `vault:sys/policies/acl/ops>grants>vault:secret/data/app|path=secret/data/app|capabilities=["read","sudo"]`}},
			[]string{"vault:auth/approle/role/etl"}},
		"no sudo": {fixture{[]string{role, kv, policy + `[{"path":"secret/*","capabilities":["read"],"line":1}]`},
			[]string{held, `vault:sys/policies/acl/ops>grants>vault:secret/data/app|path=secret/data/app|capabilities=["read"]`}}, nil},
		"sudo denied":                      {fixture{[]string{role, policy + `[{"path":"sys/*","capabilities":["deny","sudo"],"line":1}]`}, []string{held}}, nil},
		"sudo in a path, not a capability": {fixture{[]string{role, policy + `[{"path":"secret/sudo/*","capabilities":["read"],"line":1}]`}, []string{held}}, nil},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := Run(context.Background(), tc.f.build(), Thresholds{Now: now}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				if f.RuleID == "NHI-ADMIN" {
					got = append(got, f.Nodes[0])
					if f.Severity != High {
						t.Errorf("severity %v, want high", f.Severity)
					}
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("NHI-ADMIN on (-want +got):\n%s", diff)
			}
		})
	}
	// Mapped as before the fix.
	for _, r := range Rules() {
		if r.ID == "NHI-ADMIN" {
			if diff := cmp.Diff(Mapping{OWASP: []string{"NHI5"}, NIST: []string{"PR.AA-05"}, MAESTRO: []string{"L4 deployment and infrastructure"}}, r.Mapping); diff != "" {
				t.Errorf("NHI-ADMIN mapping (-want +got):\n%s", diff)
			}
		}
	}
}
