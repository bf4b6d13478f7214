package graph_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// InAt and OutAt give, by index, the edges In and Out give by ID.
func TestInAtOutAtMatchInOut(t *testing.T) {
	g := sample()
	type end struct {
		Edge graph.Edge
		Node string
	}
	for i, n := range g.Nodes() {
		var wantIn, gotIn, wantOut, gotOut []end
		for _, e := range g.In(n.ID) {
			wantIn = append(wantIn, end{e, e.From})
		}
		edges, from := g.InAt(i)
		for k, ei := range edges {
			gotIn = append(gotIn, end{g.Edges()[ei], g.At(int(from[k])).ID})
		}
		for _, e := range g.Out(n.ID) {
			wantOut = append(wantOut, end{e, e.To})
		}
		first, to := g.OutAt(i)
		for k, j := range to {
			gotOut = append(gotOut, end{g.Edges()[first+k], g.At(int(j)).ID})
		}
		if diff := cmp.Diff(wantIn, gotIn); diff != "" {
			t.Errorf("InAt(%s) (-want +got):\n%s", n.ID, diff)
		}
		if diff := cmp.Diff(wantOut, gotOut); diff != "" {
			t.Errorf("OutAt(%s) (-want +got):\n%s", n.ID, diff)
		}
	}
}
