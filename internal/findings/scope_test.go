package findings

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

// checkScoped fails when RunTouching, for the given scopes, gives other
// findings than Run followed by Touching.
func checkScoped(t *testing.T, g *graph.Graph, sup []Suppression, scopes []map[string]bool) {
	t.Helper()
	ctx := context.Background()
	full, err := Run(ctx, g, Thresholds{Now: now}, sup)
	if err != nil {
		t.Fatal(err)
	}
	for _, ids := range scopes {
		r, err := RunTouching(ctx, g, Thresholds{Now: now}, sup, ids, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(full.Touching(ids), r.Findings); diff != "" {
			t.Fatalf("RunTouching(%d nodes) differs from Run().Touching (-want +got):\n%s", len(ids), diff)
		}
	}
}

// scopesOf returns, for each given node, the node alone and the node with
// everything that depends on it (a plan's targets and impacted nodes),
// then the whole graph and no node.
func scopesOf(g *graph.Graph, nodes []int) []map[string]bool {
	var out []map[string]bool
	for _, i := range nodes {
		id := g.At(i).ID
		out = append(out, map[string]bool{id: true})
		reached := map[string]bool{id: true}
		for _, s := range g.Walk(id, graph.Dependents, -1, nil) {
			reached[s.Node.ID] = true
		}
		out = append(out, reached)
	}
	all := map[string]bool{}
	for _, n := range g.Nodes() {
		all[n.ID] = true
	}
	return append(out, all, map[string]bool{"not-in-the-graph": true})
}

// checkEveryScope is checkScoped with every node's scopes: for the rule
// tests' small fixtures.
func checkEveryScope(t *testing.T, g *graph.Graph) {
	t.Helper()
	nodes := make([]int, g.Len())
	for i := range nodes {
		nodes[i] = i
	}
	checkScoped(t, g, nil, scopesOf(g, nodes))
}

func TestRunTouchingMatchesRunOnSynth(t *testing.T) {
	g := synth.Build(1, 3000)
	var nodes []int
	for i := 0; i < g.Len(); i += g.Len() / 60 {
		nodes = append(nodes, i)
	}
	if i, ok := g.Index(synth.HotSecret); ok {
		nodes = append(nodes, i)
	}
	checkScoped(t, g, nil, scopesOf(g, nodes))
}

func TestRunTouchingKeepsSuppressions(t *testing.T) {
	g := synth.Build(2, 1000)
	sup := []Suppression{{RuleID: "NHI-UNOWNED", Match: func(string) bool { return true }, Reason: "accepted"}}
	checkScoped(t, g, sup, scopesOf(g, []int{0, g.Len() / 2, g.Len() - 1}))
}

// BenchmarkPlanFindings compares the findings a plan of the hottest secret
// lists, computed over the whole graph and then filtered (Run, Touching)
// against RunTouching.
func BenchmarkPlanFindings(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		if testing.Short() && n > 10_000 {
			continue
		}
		g := synth.Build(1, n)
		ids := scopesOf(g, []int{mustIndex(b, g, synth.HotSecret)})[1]
		ctx := context.Background()
		b.Run(fmt.Sprintf("whole/nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, err := Run(ctx, g, Thresholds{Now: now}, nil)
				if err != nil {
					b.Fatal(err)
				}
				r.Touching(ids)
			}
		})
		b.Run(fmt.Sprintf("touching/nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := RunTouching(ctx, g, Thresholds{Now: now}, nil, ids, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func mustIndex(b *testing.B, g *graph.Graph, id string) int {
	i, ok := g.Index(id)
	if !ok {
		b.Fatalf("no %s", id)
	}
	return i
}
