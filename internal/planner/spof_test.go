package planner

import (
	"slices"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// TestSinglePointFact: a plan that touches a role three jobs reach their
// policy only through says so, as a note for a target and as a fact for an
// impacted node.
func TestSinglePointFact(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "estate", Line: 1, Basis: graph.Declared}}
	for _, id := range []string{"a", "b", "c"} {
		b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: "ci-job", Evidence: ev})
		b.AddEdge(graph.Edge{From: id, To: "role", Kind: graph.Assumes, Evidence: ev})
	}
	b.AddNode(graph.Node{ID: "role", Kind: graph.Identity, Type: "aws-role", Evidence: ev})
	b.AddNode(graph.Node{ID: "pol", Kind: graph.Policy, Type: "aws-managed-policy", Evidence: ev})
	b.AddEdge(graph.Edge{From: "role", To: "pol", Kind: graph.HasPolicy, Evidence: ev})
	g := b.Build()
	want := "single point of failure: 3 workloads reach pol only through this aws-role"
	p := plan(t, g, Change{Action: Revoke, Targets: []string{"role"}})
	if !slices.ContainsFunc(p.Notes, func(n string) bool { return strings.Contains(n, want) }) {
		t.Errorf("revoke role: notes %q lack %q", p.Notes, want)
	}
	p = plan(t, g, Change{Action: Modify, Targets: []string{"pol"}})
	i := slices.IndexFunc(p.Impacted, func(im Impact) bool { return im.Node.ID == "role" })
	if i < 0 || !slices.Contains(p.Impacted[i].Facts, want) {
		t.Errorf("modify pol: role's facts lack %q: %+v", want, p.Impacted)
	}
}
