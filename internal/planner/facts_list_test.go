package planner

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestFactsUnresolved checks that each unresolved reference of a node (a
// JSON array) is one fact, a reference holding a comma included.
func TestFactsUnresolved(t *testing.T) {
	n := graph.Node{ID: "j", Kind: graph.Workload, Type: "ci-job",
		Attrs: map[string]string{graph.AttrUnresolved: `["secret/${ENV}/db","a, b"]`}}
	b := graph.NewBuilder()
	b.AddNode(n)
	got := facts(b.Build(), n, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	want := []string{`holds an unresolved reference "secret/${ENV}/db"`, `holds an unresolved reference "a, b"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("facts (-want +got):\n%s", diff)
	}
}
