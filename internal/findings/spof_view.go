package findings

import (
	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/convene-dev/convene/graph"
)

// depView is the gonum view the dominator trees are computed on: node IDs
// are the graph's dense indices, and an arrow B -> A means A depends on B
// through a dependsVia edge. It is read lazily from the graph, so a
// dominator tree costs only what its root reaches.
type depView struct{ g *graph.Graph }

func (v depView) valid(id int64) bool { return id >= 0 && id < int64(v.g.Len()) }

func (v depView) Node(id int64) gg.Node {
	if !v.valid(id) {
		return nil
	}
	return simple.Node(id)
}

func (v depView) Nodes() gg.Nodes {
	ns := make([]gg.Node, v.g.Len())
	for i := range ns {
		ns[i] = simple.Node(i)
	}
	return iterator.NewOrderedNodes(ns)
}

// neighbours lists the nodes that depend on id (out) or that id depends on
// (!out), each once.
func (v depView) neighbours(id int64, out bool) []gg.Node {
	if !v.valid(id) {
		return nil
	}
	self := v.g.At(int(id)).ID
	edges := v.g.In(self)
	if !out {
		edges = v.g.Out(self)
	}
	seen := map[int]bool{}
	var ns []gg.Node
	for _, e := range edges {
		other := e.From
		if !out {
			other = e.To
		}
		if !dependsVia(e.Kind) || other == self {
			continue
		}
		if i, ok := v.g.Index(other); ok && !seen[i] {
			seen[i] = true
			ns = append(ns, simple.Node(i))
		}
	}
	return ns
}

func (v depView) From(id int64) gg.Nodes { return iterator.NewOrderedNodes(v.neighbours(id, true)) }

func (v depView) To(id int64) gg.Nodes { return iterator.NewOrderedNodes(v.neighbours(id, false)) }

func (v depView) HasEdgeFromTo(uid, vid int64) bool {
	for _, n := range v.neighbours(uid, true) {
		if n.ID() == vid {
			return true
		}
	}
	return false
}

func (v depView) HasEdgeBetween(x, y int64) bool {
	return v.HasEdgeFromTo(x, y) || v.HasEdgeFromTo(y, x)
}

func (v depView) Edge(uid, vid int64) gg.Edge {
	if !v.HasEdgeFromTo(uid, vid) {
		return nil
	}
	return simple.Edge{F: simple.Node(uid), T: simple.Node(vid)}
}
