package findings

import (
	"testing"

	"github.com/convene-dev/convene/graph"
)

// TestAdministratorByEvaluation: a role whose only policy lets it put a
// policy on itself holds no `*` on `*`, but may grant itself anything. The
// one definition (IsAdministrator) calls it an administrator, and NHI-ADMIN
// reports it, so the planner's tier and the findings agree.
func TestAdministratorByEvaluation(t *testing.T) {
	const role = "arn:aws:iam::111122223333:role/self-granting"
	const pol = role + "/inline-policy/grow"
	ev := []graph.Evidence{{Connector: "test", Source: "estate", Basis: graph.Declared}}
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: role, Kind: graph.Identity, Type: "aws-role", Name: "self-granting", Evidence: ev})
	b.AddNode(graph.Node{ID: pol, Kind: graph.Policy, Type: "aws-inline-policy", Name: "grow", Evidence: ev,
		Attrs: map[string]string{"document": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"` + role + `"}]}`}})
	b.AddEdge(graph.Edge{From: role, To: pol, Kind: graph.HasPolicy, Attrs: map[string]string{"via": "inline"}, Evidence: ev})
	g := b.Build()

	if gr := EffectiveAdmin(g, role); len(gr) != 0 {
		t.Fatalf("EffectiveAdmin = %v; the role holds no * on *", gr)
	}
	why, ok := IsAdministrator(g, role)
	if !ok || why == "" {
		t.Fatalf("IsAdministrator = %q, %v; want an administrator by evaluation", why, ok)
	}
	found := false
	for _, f := range admin(&checker{g: g}) {
		if f.Nodes[0] == role {
			found = true
		}
	}
	if !found {
		t.Errorf("NHI-ADMIN does not report %s (%s)", role, why)
	}
}
