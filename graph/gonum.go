package graph

import (
	gg "gonum.org/v1/gonum/graph"
)

// Forward returns a gonum view of the graph in which an arrow A -> B means A
// depends on B. Node IDs in the view are the dense indices of Index and At.
// Several edges of different kinds between two nodes appear as one gonum
// edge.
func (g *Graph) Forward() gg.Directed { return view{g: g} }

// Reverse returns a gonum view with every arrow turned around: B -> A when A
// depends on B. Walking it from a node reaches everything that a change to
// that node affects.
func (g *Graph) Reverse() gg.Directed { return view{g: g, reversed: true} }

type view struct {
	g        *Graph
	reversed bool
}

// GonumNode is a node in a gonum view; its ID is the node's dense index.
type GonumNode int64

// ID implements gonum's graph.Node.
func (n GonumNode) ID() int64 { return int64(n) }

type gonumEdge struct{ f, t GonumNode }

func (e gonumEdge) From() gg.Node         { return e.f }
func (e gonumEdge) To() gg.Node           { return e.t }
func (e gonumEdge) ReversedEdge() gg.Edge { return gonumEdge{e.t, e.f} }

func (v view) valid(id int64) bool { return id >= 0 && id < int64(len(v.g.nodes)) }

func (v view) Node(id int64) gg.Node {
	if !v.valid(id) {
		return nil
	}
	return GonumNode(id)
}

func (v view) Nodes() gg.Nodes { return &nodeIter{n: len(v.g.nodes), pos: -1} }

// out lists the neighbours that id points to in this view, without repeats.
func (v view) out(id int64) []int32 {
	if !v.valid(id) {
		return nil
	}
	g := v.g
	var ns []int32
	if v.reversed {
		ns = append(ns, g.inFrom[g.inStart[id]:g.inStart[id+1]]...)
	} else {
		ns = append(ns, g.to[g.outStart[id]:g.outStart[id+1]]...)
	}
	// Neighbours come sorted; drop the repeats of multi-kind pairs.
	return compactSorted(ns)
}

func (v view) in(id int64) []int32 { return view{g: v.g, reversed: !v.reversed}.out(id) }

func compactSorted(ns []int32) []int32 {
	if len(ns) < 2 {
		return ns
	}
	j := 1
	for i := 1; i < len(ns); i++ {
		if ns[i] != ns[j-1] {
			ns[j] = ns[i]
			j++
		}
	}
	return ns[:j]
}

func (v view) From(id int64) gg.Nodes { return &nodeIter{list: v.out(id), n: -1, pos: -1} }
func (v view) To(id int64) gg.Nodes   { return &nodeIter{list: v.in(id), n: -1, pos: -1} }

func (v view) HasEdgeFromTo(uid, vid int64) bool {
	if !v.valid(uid) || !v.valid(vid) {
		return false
	}
	if v.reversed {
		uid, vid = vid, uid
	}
	g := v.g
	tos := g.to[g.outStart[uid]:g.outStart[uid+1]]
	_, found := binarySearch(tos, int32(vid))
	return found
}

func (v view) HasEdgeBetween(xid, yid int64) bool {
	return v.HasEdgeFromTo(xid, yid) || v.HasEdgeFromTo(yid, xid)
}

func (v view) Edge(uid, vid int64) gg.Edge {
	if !v.HasEdgeFromTo(uid, vid) {
		return nil
	}
	return gonumEdge{GonumNode(uid), GonumNode(vid)}
}

func binarySearch(s []int32, x int32) (int, bool) {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(s) && s[lo] == x
}

// nodeIter iterates either over list, or over 0..n-1 when list is nil and
// n >= 0.
type nodeIter struct {
	list []int32
	n    int
	pos  int
}

func (it *nodeIter) size() int {
	if it.n >= 0 && it.list == nil {
		return it.n
	}
	return len(it.list)
}

func (it *nodeIter) Next() bool {
	if it.pos+1 >= it.size() {
		it.pos = it.size()
		return false
	}
	it.pos++
	return true
}

func (it *nodeIter) Len() int {
	if it.pos >= it.size() {
		return 0
	}
	return it.size() - it.pos - 1
}

func (it *nodeIter) Reset() { it.pos = -1 }

func (it *nodeIter) Node() gg.Node {
	if it.pos < 0 || it.pos >= it.size() {
		return nil
	}
	if it.list == nil {
		return GonumNode(it.pos)
	}
	return GonumNode(it.list[it.pos])
}
