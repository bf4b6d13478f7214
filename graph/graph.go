package graph

import (
	"fmt"
	"iter"
	"sort"
	"strings"
	"sync"
)

// Graph is an immutable, merged view of an estate. Nodes are held in ID
// order and edges in (From, To, Kind) order, so every iteration is
// deterministic. Each node also has a dense index, 0..Len()-1, which is its
// gonum ID in the views returned by Forward and Reverse.
//
// The graph is compact: an edge's From and To share the strings of its
// nodes' IDs, equal one-item evidence lists are one shared slice, the ID
// index is a table of int32 slots, and adjacency is int32 arrays (CSR), so
// walks touch no strings. docs/performance.md gives the figures.
type Graph struct {
	nodes []Node
	index idIndex
	edges []Edge // sorted by (from index, to index, kind)

	outStart []int32 // edges[outStart[i]:outStart[i+1]] leave node i
	inStart  []int32 // inEdges[inStart[i]:inStart[i+1]] enter node i
	inEdges  []int32 // edge indices sorted by (to, from, kind)
	inFrom   []int32 // the From node of each edge of inEdges, for walks
	to       []int32 // the node index of each edge's To

	// The name index is built on the first Resolve that needs it.
	nameOnce sync.Once
	byName   map[string]int32 // the first node of each name
	nameNext []int32          // the next node of the same name, or -1

	diags []Diagnostic
}

// Len returns the number of nodes.
func (g *Graph) Len() int { return len(g.nodes) }

// Nodes returns every node in ID order. The slice must not be modified.
func (g *Graph) Nodes() []Node { return g.nodes }

// Edges returns every edge in (From, To, Kind) order, by the nodes' ID order.
// The slice must not be modified.
func (g *Graph) Edges() []Edge { return g.edges }

// Diagnostics returns the problems met while building the graph's sources,
// in file and line order.
func (g *Graph) Diagnostics() []Diagnostic { return g.diags }

// Node returns the node with the given ID.
func (g *Graph) Node(id string) (Node, bool) {
	i, ok := g.index.lookup(g.nodes, id)
	if !ok {
		return Node{}, false
	}
	return g.nodes[i], true
}

// Index returns the dense index (and gonum ID) of the node with the given ID.
func (g *Graph) Index(id string) (int, bool) {
	i, ok := g.index.lookup(g.nodes, id)
	return int(i), ok
}

// EdgeEnds returns the dense indices of the ends of the edge at position i
// of Edges().
func (g *Graph) EdgeEnds(i int) (from, to int) {
	// The edge leaves the last node whose out-edges start at or before i.
	from = sort.Search(len(g.nodes), func(n int) bool { return int(g.outStart[n+1]) > i })
	return from, int(g.to[i])
}

// At returns the node at a dense index.
func (g *Graph) At(i int) Node { return g.nodes[i] }

// InAt returns the edges entering node i by dense index, in In's order:
// their indices in Edges and the index of each one's From node. The slices
// are the graph's own: read them, do not modify them.
func (g *Graph) InAt(i int) (edges, from []int32) {
	lo, hi := g.inStart[i], g.inStart[i+1]
	return g.inEdges[lo:hi], g.inFrom[lo:hi]
}

// OutAt returns the edges leaving node i by dense index, in Out's order:
// Edges()[first+k] has its To node at to[k]. The slice is the graph's own.
func (g *Graph) OutAt(i int) (first int, to []int32) {
	lo, hi := g.outStart[i], g.outStart[i+1]
	return int(lo), g.to[lo:hi]
}

// Out returns the edges leaving the node: what it depends on.
func (g *Graph) Out(id string) []Edge {
	i, ok := g.index.lookup(g.nodes, id)
	if !ok {
		return nil
	}
	return g.edges[g.outStart[i]:g.outStart[i+1]]
}

// In returns the edges entering the node: what depends on it. They are in
// (From, Kind) order.
func (g *Graph) In(id string) []Edge {
	i, ok := g.index.lookup(g.nodes, id)
	if !ok {
		return nil
	}
	ins := g.inEdges[g.inStart[i]:g.inStart[i+1]]
	out := make([]Edge, len(ins))
	for j, ei := range ins {
		out[j] = g.edges[ei]
	}
	return out
}

// InSeq yields the edges entering the node, as In returns them, without
// allocating: for walks over large graphs.
func (g *Graph) InSeq(id string) iter.Seq[Edge] {
	return func(yield func(Edge) bool) {
		i, ok := g.index.lookup(g.nodes, id)
		if !ok {
			return
		}
		for _, ei := range g.inEdges[g.inStart[i]:g.inStart[i+1]] {
			if !yield(g.edges[ei]) {
				return
			}
		}
	}
}

// Count returns how many nodes of each kind and edges of each kind the graph
// holds.
func (g *Graph) Count() (nodes map[NodeKind]int, edges map[EdgeKind]int) {
	nodes, edges = make(map[NodeKind]int), make(map[EdgeKind]int)
	for _, n := range g.nodes {
		nodes[n.Kind]++
	}
	for _, e := range g.edges {
		edges[e.Kind]++
	}
	return nodes, edges
}

// String renders the graph canonically, one line per node, edge and
// diagnostic, for tests and reviews. Two graphs with the same content render
// the same.
func (g *Graph) String() string {
	var sb strings.Builder
	for _, n := range g.nodes {
		fmt.Fprintf(&sb, "node %s kind=%s type=%q name=%q", n.ID, n.Kind, n.Type, n.Name)
		writeAttrs(&sb, n.Attrs)
		if s := n.Schedule; s != nil {
			fmt.Fprintf(&sb, " schedule=%q/%s/%q", s.Expr, s.Dialect, s.TimeZone)
		}
		sb.WriteByte('\n')
		for _, ev := range n.Evidence {
			fmt.Fprintf(&sb, "  evidence %s\n", ev)
		}
	}
	for _, e := range g.edges {
		fmt.Fprintf(&sb, "edge %s", e.Key())
		writeAttrs(&sb, e.Attrs)
		sb.WriteByte('\n')
		for _, ev := range e.Evidence {
			fmt.Fprintf(&sb, "  evidence %s\n", ev)
		}
	}
	for _, d := range g.diags {
		fmt.Fprintf(&sb, "diagnostic %s\n", d)
	}
	return sb.String()
}
