package export_test

import (
	"bytes"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/export"
)

// FuzzDOT builds a graph from fuzzed IDs, names and a title and checks that
// gonum's DOT parser reads the export back: escaping never breaks the
// syntax, every ID reads back exactly, and no two IDs become one node.
func FuzzDOT(f *testing.F) {
	seeds := append([]string{role, secret, weird, account, "vault@prod:secret/x"}, nastyIDs...)
	for i, s := range seeds {
		f.Add(s, seeds[(i+1)%len(seeds)], seeds[(i+2)%len(seeds)], s)
	}
	f.Fuzz(func(t *testing.T, id, locID, name, title string) {
		if id == "" || locID == "" {
			t.Skip("the builder rejects empty IDs")
		}
		b := graph.NewBuilder()
		b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: name, Name: name})
		b.AddNode(graph.Node{ID: locID, Kind: graph.Location, Name: title})
		b.AddNode(graph.Node{ID: role, Kind: graph.Identity})
		b.AddEdge(graph.Edge{From: id, To: locID, Kind: graph.PartOf})
		b.AddEdge(graph.Edge{From: id, To: role, Kind: graph.Assumes})
		b.AddEdge(graph.Edge{From: id, To: role, Kind: graph.RunsAs})
		g := b.Build()

		var buf bytes.Buffer
		if err := export.DOT(&buf, g, export.DOTOptions{Title: title, Legend: len(title)%2 == 0}); err != nil {
			t.Fatal(err)
		}
		d := parseDOT(t, buf.Bytes())
		if len(d.nodes) != g.Len() {
			t.Errorf("DOT declares %d nodes, the graph has %d", len(d.nodes), g.Len())
		}
		for _, n := range g.Nodes() {
			if _, ok := d.nodes[n.ID]; !ok {
				t.Errorf("node %q does not read back", n.ID)
			}
		}
		if len(d.edges) != len(g.Edges()) {
			t.Errorf("DOT has %d edges, the graph has %d", len(d.edges), len(g.Edges()))
		}
	})
}
