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
// (!out), each once. It reads the graph's int32 adjacency: in-edges come
// in (From, Kind) order and out-edges in (To, Kind) order, so a node's
// repeats are next to each other.
func (v depView) neighbours(id int64, out bool) []gg.Node {
	if !v.valid(id) {
		return nil
	}
	self := int32(id)
	edges := v.g.Edges()
	var ns []gg.Node
	last := int32(-1)
	add := func(kind graph.EdgeKind, other int32) {
		if !dependsVia(kind) || other == self || other == last {
			return
		}
		last = other
		ns = append(ns, simple.Node(other))
	}
	if out {
		in, from := v.g.InAt(int(id))
		for k, ei := range in {
			add(edges[ei].Kind, from[k])
		}
		return ns
	}
	first, to := v.g.OutAt(int(id))
	for k, j := range to {
		add(edges[first+k].Kind, j)
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
