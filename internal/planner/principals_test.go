package planner

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/findings"
)

// trusted is a role trusted only by principals that are not workloads: an
// unscanned account's root, a SAML provider, an AWS service and an OIDC
// provider.
func trusted() *graph.Graph {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "authz.json", Line: 3, Basis: graph.Configured}}
	n := func(id string, k graph.NodeKind, typ, name string, attrs map[string]string) {
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Name: name, Attrs: attrs, Evidence: ev})
	}
	role := "arn:aws:iam::111122223333:role/vendor-audit"
	n(role, graph.Identity, "aws-role", "vendor-audit", nil)
	n("aws-account:111122223333", graph.Location, "aws-account", "111122223333", map[string]string{"iam_read": "true"})
	n("aws-account:999988887777", graph.Location, "aws-account", "999988887777", nil)
	n("arn:aws:iam::999988887777:root", graph.Identity, "aws-account-root", "999988887777 root", nil)
	n("arn:aws:iam::111122223333:saml-provider/okta", graph.Identity, "aws-saml-provider", "okta", nil)
	n("aws-service:ec2.amazonaws.com", graph.Identity, "aws-service", "ec2.amazonaws.com", nil)
	n("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", graph.Identity, "aws-oidc-provider", "token.actions.githubusercontent.com", nil)
	n("team:iam", graph.Owner, "team", "iam", map[string]string{"roles": "iam"})
	for _, p := range []string{"arn:aws:iam::999988887777:root", "arn:aws:iam::111122223333:saml-provider/okta",
		"aws-service:ec2.amazonaws.com", "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"} {
		b.AddEdge(graph.Edge{From: p, To: role, Kind: graph.Assumes, Evidence: ev})
	}
	b.AddEdge(graph.Edge{From: "arn:aws:iam::999988887777:root", To: "aws-account:999988887777", Kind: graph.PartOf, Evidence: ev})
	return b.Build()
}

// TestRevokeRoleTrustedByPrincipals: principals that lose the ability to
// assume are impact, said for what they are, and bring the IAM owner in.
func TestRevokeRoleTrustedByPrincipals(t *testing.T) {
	for _, tt := range []struct {
		action Action
		class  Class
	}{{Revoke, Breaks}, {Modify, MayBreak}} {
		t.Run(string(tt.action), func(t *testing.T) {
			p := plan(t, trusted(), Change{Action: tt.action, Targets: []string{"vendor-audit"}})
			got := map[string]string{}
			for _, im := range p.Impacted {
				got[im.Node.ID] = string(im.Class) + ": " + strings.Join(im.Facts, "; ")
			}
			c := string(tt.class) + ": "
			want := map[string]string{
				"arn:aws:iam::999988887777:root":                                              c + "trust principal: the root of account 999988887777, i.e. every identity that account's IAM allows to assume the role; that account's IAM was not scanned",
				"arn:aws:iam::111122223333:saml-provider/okta":                                c + "trust principal: SAML provider okta; the people who sign in through it lose the role",
				"aws-service:ec2.amazonaws.com":                                               c + "trust principal: AWS service ec2.amazonaws.com; what the service runs as the role (instances, functions, tasks) loses it",
				"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com": c + "trust principal: OIDC provider token.actions.githubusercontent.com; the workloads federating through it lose the role",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("impacted (-want +got):\n%s", diff)
			}
			i := slices.IndexFunc(p.Invite, func(inv Invitee) bool { return inv.Owner == "team:iam" })
			if i < 0 || !strings.Contains(strings.Join(p.Invite[i].Why, ";"), "trust principals lose access") {
				t.Errorf("IAM owner not invited for the principals: %+v", p.Invite)
			}
		})
	}
}

// TestAdminAgreesWithFindings: a user holding a custom `*` policy through a
// group is administrator for the planner's risk tier exactly when NHI-ADMIN
// says so.
func TestAdminAgreesWithFindings(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "authz.json", Line: 1, Basis: graph.Declared}}
	add := func(id string, k graph.NodeKind, typ string, attrs map[string]string) {
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Name: id[strings.LastIndex(id, "/")+1:], Attrs: attrs, Evidence: ev})
	}
	add("arn:aws:iam::1:user/deployer", graph.Identity, "aws-user", nil)
	add("arn:aws:iam::1:group/ops", graph.Identity, "aws-group", nil)
	add("arn:aws:iam::1:group/ops/inline-policy/everything", graph.Policy, "aws-inline-policy",
		map[string]string{"document": `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`})
	b.AddEdge(graph.Edge{From: "arn:aws:iam::1:user/deployer", To: "arn:aws:iam::1:group/ops", Kind: graph.HasPolicy, Attrs: map[string]string{"via": "group-membership"}, Evidence: ev})
	b.AddEdge(graph.Edge{From: "arn:aws:iam::1:group/ops", To: "arn:aws:iam::1:group/ops/inline-policy/everything", Kind: graph.HasPolicy, Evidence: ev})
	g := b.Build()
	if len(findings.EffectiveAdmin(g, "arn:aws:iam::1:user/deployer")) == 0 {
		t.Fatal("findings does not see the user as administrator")
	}
	for _, target := range []string{"deployer", "everything"} {
		p := plan(t, g, Change{Action: Disable, Targets: []string{target}})
		if p.Risk.Tier != High || !strings.Contains(strings.Join(p.Risk.Reasons, ";"), "administrator") {
			t.Errorf("%s: risk = %+v", target, p.Risk)
		}
	}
}
