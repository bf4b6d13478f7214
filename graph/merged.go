package graph

import (
	"slices"
	"strings"
)

// newGraphUnique indexes nodes and edges that are already merged, as in a
// graph file convene wrote. It reports false when an ID or an edge repeats,
// so the caller can merge through a Builder: from the input, untouched,
// when an ID repeats (the graph is nil), and from the returned graph's
// nodes, edges and diagnostics when an edge does.
func newGraphUnique(in *interner, nodes []Node, edges []Edge, diags []Diagnostic, ends []int32) (*Graph, bool) {
	byID := func(a, b Node) int { return strings.Compare(a.ID, b.ID) }
	if slices.IsSortedFunc(nodes, byID) {
		for i := 1; i < len(nodes); i++ {
			if nodes[i].ID == nodes[i-1].ID {
				return nil, false
			}
		}
	} else {
		seen := make(map[string]struct{}, len(nodes))
		for _, n := range nodes {
			if _, dup := seen[n.ID]; dup {
				return nil, false
			}
			seen[n.ID] = struct{}{}
		}
	}
	g := newGraphWith(in, nodes, edges, diags, ends)
	for n := range g.nodes {
		for i := g.outStart[n] + 1; i < g.outStart[n+1]; i++ {
			if g.to[i] == g.to[i-1] && g.edges[i].Kind == g.edges[i-1].Kind {
				return g, false
			}
		}
	}
	return g, true
}

// Merged is a graph's content as a snapshot decoder reads it back: nodes
// and edges already merged, each ID and each edge key once.
type Merged struct {
	Nodes       []Node
	Edges       []Edge
	Diagnostics []Diagnostic
	// Ends, when not nil, holds each edge's From and To as indices into
	// Nodes, two per edge (-1 for an end not known), which spares looking
	// them up when Nodes are in ID order.
	Ends []int32
	// Shared says that equal one-item evidence lists are one slice
	// already, so FromMerged need not look for repeats.
	Shared bool
}

// FromMerged returns the graph of m: it indexes the nodes and edges as
// they are, in their order when it is the graph's. When an ID or an edge
// repeats it merges them as a Builder does. It takes ownership of the
// slices.
func FromMerged(m Merged) *Graph {
	in := newInterner()
	in.shared = m.Shared
	return fromMerged(in, m.Nodes, m.Edges, m.Diagnostics, m.Ends)
}

// fromMerged is FromMerged with a decoder's interner and edge ends (see
// newGraphWith).
func fromMerged(in *interner, nodes []Node, edges []Edge, diags []Diagnostic, ends []int32) *Graph {
	keptN := nodes[:0]
	for _, n := range nodes {
		if err := validNode(n); err != nil {
			diags = append(diags, diagnosticFor(n.Evidence, err.Error()))
			continue
		}
		n.Evidence = normEvidence(n.Evidence)
		keptN = append(keptN, n)
	}
	keptE := edges[:0]
	for _, e := range edges {
		if err := validEdge(e); err != nil {
			diags = append(diags, diagnosticFor(e.Evidence, err.Error()))
			continue
		}
		e.Evidence = normEvidence(e.Evidence)
		keptE = append(keptE, e)
	}
	if len(keptN) < len(nodes) || len(keptE) < len(edges) {
		ends = nil
	}
	nodes, edges = keptN, keptE
	g, ok := newGraphUnique(in, nodes, edges, diags, ends)
	if ok {
		return g
	}
	if g != nil {
		nodes, edges, diags = g.nodes, g.edges, g.diags
	}
	b := NewBuilder()
	for _, n := range nodes {
		b.AddNode(n)
	}
	for _, e := range edges {
		b.AddEdge(e)
	}
	for _, d := range diags {
		b.Diagnose(d)
	}
	return b.Build()
}
