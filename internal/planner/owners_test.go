package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// The CLI plans with a lazy owners.Resolver and the service with a finished
// owners.Result: both answer the same owners, referenced-only marks
// included, and a plan made without a resolver answers the same again.
func TestOwnersFromResolverAndResultAgree(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "estate", Line: 1, Basis: graph.Declared}}
	b.AddNode(graph.Node{ID: "vault:secret/app/db", Kind: graph.Credential, Type: "vault-kv-secret", Evidence: ev})
	b.AddNode(graph.Node{ID: "job", Kind: graph.Workload, Type: "ci-job", Evidence: ev})
	b.AddNode(graph.Node{ID: "repo", Kind: graph.Location, Type: "repository", Evidence: ev})
	b.AddNode(graph.Node{ID: "team:ledger", Kind: graph.Owner, Type: "team", Evidence: ev})
	b.AddNode(graph.Node{ID: "team:payments", Kind: graph.Owner, Type: "team",
		Evidence: []graph.Evidence{{Connector: "owners-file", Source: "convene-owners.yaml", Line: 3, Basis: graph.Declared}}})
	b.AddEdge(graph.Edge{From: "job", To: "vault:secret/app/db", Kind: graph.Reads, Evidence: ev})
	b.AddEdge(graph.Edge{From: "job", To: "repo", Kind: graph.PartOf, Evidence: ev})
	b.AddEdge(graph.Edge{From: "repo", To: "team:ledger", Kind: graph.OwnedBy,
		Evidence: []graph.Evidence{{Connector: "link/owner-tags", Source: "estate", Line: 2, Basis: graph.Declared}}})
	b.AddEdge(graph.Edge{From: "vault:secret/app/db", To: "team:payments", Kind: graph.OwnedBy,
		Evidence: []graph.Evidence{{Connector: "link/owner-rules", Source: "convene-owners.yaml", Line: 7, Basis: graph.Declared}}})
	g := b.Build()

	type owner struct {
		ID, Via        string
		ReferencedOnly bool
	}
	answer := func(r OwnerResolver) map[string][]owner {
		out := map[string][]owner{}
		for _, id := range []string{"vault:secret/app/db", "job", "repo"} {
			for _, o := range r(g, id) {
				out[id] = append(out[id], owner{o.ID, o.Via, o.ReferencedOnly})
			}
		}
		return out
	}
	want := map[string][]owner{
		"vault:secret/app/db": {{"team:payments", "direct (owners-file)", false}},
		"repo":                {{"team:ledger", "direct (tag)", true}},
		"job":                 {{"team:ledger", "inherited through part_of repo (tag)", true}},
	}
	if diff := cmp.Diff(want, answer(OwnersFrom(owners.NewResolver(g, owners.Options{})))); diff != "" {
		t.Errorf("from a Resolver (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, answer(OwnersFrom(owners.Resolve(g, owners.Options{})))); diff != "" {
		t.Errorf("from a Result (-want +got):\n%s", diff)
	}
	p, err := Make(g, Change{Action: Rotate, Targets: []string{"vault:secret/app/db"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []owner
	for _, im := range p.Impacted {
		for _, o := range im.Owners {
			got = append(got, owner{o.ID, o.Via, o.ReferencedOnly})
		}
	}
	if diff := cmp.Diff(want["job"], got); diff != "" {
		t.Errorf("a plan without a resolver (-want +got):\n%s", diff)
	}
}
