package graph_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

// TestReachMatchesWalk checks that the index walk reaches what Walk
// reaches, in the same order, through the same edges and paths.
func TestReachMatchesWalk(t *testing.T) {
	g := synth.Build(1, 2000)
	for _, start := range []string{synth.HotSecret, g.At(0).ID, g.At(g.Len() / 2).ID} {
		for _, dir := range []graph.Direction{graph.Dependencies, graph.Dependents, graph.Both} {
			for _, depth := range []int{-1, 0, 1, 3} {
				steps := g.Walk(start, dir, depth, nil)
				si, _ := g.Index(start)
				r := g.Reach(si, dir, depth, nil)
				if r.Len() != len(steps) {
					t.Fatalf("%s dir %d depth %d: Reach %d nodes, Walk %d", start, dir, depth, r.Len(), len(steps))
				}
				for i, s := range steps {
					if g.At(int(r.Nodes[i])).ID != s.Node.ID || int(r.Depth[i]) != s.Depth || int(r.Prev[i]) != s.Prev {
						t.Fatalf("step %d differs: %s/%d/%d, Walk %s/%d/%d", i, g.At(int(r.Nodes[i])).ID, r.Depth[i], r.Prev[i], s.Node.ID, s.Depth, s.Prev)
					}
					if diff := cmp.Diff(graph.Path(steps, i), r.Path(g, i)); diff != "" {
						t.Fatalf("path %d (-walk +reach):\n%s", i, diff)
					}
				}
			}
		}
	}
	if r := g.Reach(-1, graph.Both, -1, nil); r.Len() != 0 {
		t.Errorf("Reach from no node reached %d", r.Len())
	}
}

func TestReachFollowsOnlyAcceptedEdges(t *testing.T) {
	g := synth.Build(1, 2000)
	si, _ := g.Index(synth.HotSecret)
	grants := func(e graph.Edge) bool { return e.Kind == graph.Grants }
	r := g.Reach(si, graph.Dependents, -1, grants)
	for i := 1; i < r.Len(); i++ {
		if e := g.Edges()[r.Via[i]]; e.Kind != graph.Grants {
			t.Fatalf("reached through %s", e.Key())
		}
	}
	if r.Len() < 2 {
		t.Fatal("no policy grants the hot secret")
	}
}

func TestEdgeEnds(t *testing.T) {
	g := sample()
	for i, e := range g.Edges() {
		f, to := g.EdgeEnds(i)
		if g.At(f).ID != e.From || g.At(to).ID != e.To {
			t.Errorf("EdgeEnds(%d) = %d, %d; edge %s", i, f, to, e.Key())
		}
	}
}

// TestFromMergedMatchesBuilder hands FromMerged a graph's content in
// shuffled order, with and without edge ends and with repeats, and expects
// the graph a Builder makes.
func TestFromMergedMatchesBuilder(t *testing.T) {
	g := synth.Build(2, 1000)
	want := g.String()
	ends := make([]int32, 0, 2*len(g.Edges()))
	for i := range g.Edges() {
		f, to := g.EdgeEnds(i)
		ends = append(ends, int32(f), int32(to))
	}
	r := rand.New(rand.NewPCG(3, 4))
	shuffled := func() ([]graph.Node, []graph.Edge) {
		ns, es := slices.Clone(g.Nodes()), slices.Clone(g.Edges())
		r.Shuffle(len(ns), func(i, j int) { ns[i], ns[j] = ns[j], ns[i] })
		r.Shuffle(len(es), func(i, j int) { es[i], es[j] = es[j], es[i] })
		return ns, es
	}
	ns, es := shuffled()
	repeated := append(slices.Clone(es), es[:10]...)
	tests := map[string]graph.Merged{
		"in order, with ends":  {Nodes: slices.Clone(g.Nodes()), Edges: slices.Clone(g.Edges()), Ends: ends, Diagnostics: slices.Clone(g.Diagnostics())},
		"in order, no ends":    {Nodes: slices.Clone(g.Nodes()), Edges: slices.Clone(g.Edges()), Diagnostics: slices.Clone(g.Diagnostics())},
		"shuffled":             {Nodes: ns, Edges: es, Diagnostics: slices.Clone(g.Diagnostics())},
		"repeated edges":       {Nodes: slices.Clone(g.Nodes()), Edges: repeated, Diagnostics: slices.Clone(g.Diagnostics())},
		"repeated node":        {Nodes: append(slices.Clone(g.Nodes()), g.At(5)), Edges: slices.Clone(g.Edges()), Diagnostics: slices.Clone(g.Diagnostics())},
		"ends of wrong length": {Nodes: slices.Clone(g.Nodes()), Edges: slices.Clone(g.Edges()), Ends: ends[:4], Diagnostics: slices.Clone(g.Diagnostics())},
	}
	for name, m := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(want, graph.FromMerged(m).String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromMergedDiagnosesInvalidItems(t *testing.T) {
	g := graph.FromMerged(graph.Merged{
		Nodes: []graph.Node{{ID: "a", Kind: "gizmo"}, {ID: "b", Kind: graph.Workload}},
		Edges: []graph.Edge{{From: "b", To: "c", Kind: graph.Reads}, {From: "b", To: "b", Kind: "likes"}},
	})
	want := `node b kind=workload type="" name=""
diagnostic error: edge b -likes-> b has unknown kind "likes"; skipped
diagnostic error: node "a" has unknown kind "gizmo"; skipped
diagnostic warning: edge b -reads-> c names node "c", which no connector reported; edge dropped
`
	if diff := cmp.Diff(want, g.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
