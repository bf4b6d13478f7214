package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestInviteReferencedOnlyOwner: an owner only a tag names is invited as
// the application owner of what it owns, marked referenced-only; an owner
// the owners file defines is not marked.
func TestInviteReferencedOnlyOwner(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "estate", Line: 1, Basis: graph.Declared}}
	for _, n := range []graph.Node{
		{ID: "vault:secret/app/db", Kind: graph.Credential, Type: "vault-kv-secret"},
		{ID: "job", Kind: graph.Workload, Type: "ci-job"},
		{ID: "team:ledger", Kind: graph.Owner, Type: "team", Attrs: map[string]string{"referenced_only": "true"}},
		{ID: "team:payments", Kind: graph.Owner, Type: "team", Attrs: map[string]string{"slack": "#payments"}},
	} {
		n.Evidence = ev
		if n.ID == "team:payments" { // defined by the owners file
			n.Evidence = []graph.Evidence{{Connector: "owners-file", Source: "convene-owners.yaml", Line: 3, Basis: graph.Declared}}
		}
		b.AddNode(n)
	}
	for _, e := range []graph.Edge{
		{From: "job", To: "vault:secret/app/db", Kind: graph.Reads},
		{From: "job", To: "team:ledger", Kind: graph.OwnedBy},
		{From: "vault:secret/app/db", To: "team:payments", Kind: graph.OwnedBy},
	} {
		e.Evidence = ev
		b.AddEdge(e)
	}
	p, err := Make(b.Build(), Change{Action: Rotate, Targets: []string{"vault:secret/app/db"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, inv := range p.Invite {
		if inv.Roles[0] == ApplicationOwner {
			got[inv.Owner] = inv.ReferencedOnly
		}
	}
	if diff := cmp.Diff(map[string]bool{"team:ledger": true, "team:payments": false}, got); diff != "" {
		t.Errorf("application owners and referenced-only (-want +got):\n%s", diff)
	}
}
