package findings

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// escalationFixture: Vault auth role etl may rewrite AppRoles (a derived
// can_become edge to approle/ops), and approle/ops holds root. Without the
// escalation edge, etl only logs in as itself.
func escalationFixture(escalates bool) fixture {
	f := fixture{
		nodes: []string{
			"vault:auth/aws/role/etl|identity|vault-auth-role|mount=aws",
			`vault:sys/policies/acl/etl|policy|vault-policy|rules=[{"path":"auth/approle/role/*","capabilities":["update"]}]`,
			"vault:auth/approle/role/ops|identity|vault-auth-role|mount=approle",
			"vault:sys/policies/acl/root|policy|vault-policy|root=true",
			"arn:aws:iam::1:role/etl|identity|aws-role",
		},
		edges: []string{
			"vault:auth/aws/role/etl>has_policy>vault:sys/policies/acl/etl",
			"vault:auth/approle/role/ops>has_policy>vault:sys/policies/acl/root",
			"arn:aws:iam::1:role/etl>authenticates_as>vault:auth/aws/role/etl",
		},
	}
	if escalates {
		f.edges = append(f.edges, "vault:auth/aws/role/etl>can_become>vault:auth/approle/role/ops|rule=vault-auth-role-write")
	}
	return f
}

func TestEscalationToAdminMessages(t *testing.T) {
	var got []string
	for _, f := range escalationToAdmin(&checker{g: escalationFixture(true).build()}) {
		got = append(got, f.Message+" | "+strings.Join(f.Nodes, " "))
	}
	want := []string{
		"aws-role arn:aws:iam::1:role/etl can become administrator vault:auth/approle/role/ops (holds the root policy): arn:aws:iam::1:role/etl -authenticates_as-> vault:auth/aws/role/etl -can_become-> vault:auth/approle/role/ops | arn:aws:iam::1:role/etl vault:auth/approle/role/ops",
		"vault-auth-role vault:auth/aws/role/etl can become administrator vault:auth/approle/role/ops (holds the root policy): vault:auth/aws/role/etl -can_become-> vault:auth/approle/role/ops | vault:auth/aws/role/etl vault:auth/approle/role/ops",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
