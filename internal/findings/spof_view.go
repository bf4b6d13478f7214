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
	var ns []gg.Node
	if out {
		// In-edges come in (From, Kind) order: a node's repeats are
		// next to each other, and no set is needed.
		last := ""
		for e := range v.g.InSeq(self) {
			if !dependsVia(e.Kind) || e.From == self || e.From == last {
				continue
			}
			last = e.From
			if i, ok := v.g.Index(e.From); ok {
				ns = append(ns, simple.Node(i))
			}
		}
		return ns
	}
	var seen map[int]bool
	for _, e := range v.g.Out(self) {
		if !dependsVia(e.Kind) || e.To == self {
			continue
		}
		if i, ok := v.g.Index(e.To); ok && !seen[i] {
			if seen == nil {
				seen = map[int]bool{}
			}
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
