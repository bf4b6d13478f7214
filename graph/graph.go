package graph

import (
	"fmt"
	"iter"
	"slices"
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

// kindRank orders edge kinds as their names sort, so that edges sort by a
// byte rather than a string compare.
var kindRank = func() map[EdgeKind]uint8 {
	ks := slices.Clone(EdgeKinds)
	slices.Sort(ks)
	m := make(map[EdgeKind]uint8, len(ks))
	for i, k := range ks {
		m[k] = uint8(i)
	}
	return m
}()

// newGraph indexes merged nodes and edges. Edges with an end that is not a
// node are dropped and reported as diagnostics.
func newGraph(nodes []Node, edges []Edge, diags []Diagnostic) *Graph {
	return newGraphWith(newInterner(), nodes, edges, diags, nil)
}

// newGraphWith is newGraph sharing values through in, which a decoder may
// have filled already. ends, when not nil, holds each edge's From and To
// as indices into nodes (-1: unknown), which a decoder that met the nodes
// first knows; they are used when nodes need no sorting.
func newGraphWith(in *interner, nodes []Node, edges []Edge, diags []Diagnostic, ends []int32) *Graph {
	byID := func(a, b Node) int { return strings.Compare(a.ID, b.ID) }
	if !slices.IsSortedFunc(nodes, byID) {
		slices.SortFunc(nodes, byID)
		ends = nil
	}
	if len(ends) != 2*len(edges) {
		ends = nil
	}
	g := nodeGraph(in, nodes)
	// Sort a permutation by the ends' indices, looked up once per edge
	// rather than in every comparison.
	type sortKey struct {
		from, to int32
		i        int32
		kind     uint8
	}
	keys := make([]sortKey, 0, len(edges))
	kept := edges[:0]
	for i, e := range edges {
		var fi, ti int32
		var okF, okT bool
		if ends != nil && ends[2*i] >= 0 && ends[2*i+1] >= 0 {
			fi, ti, okF, okT = ends[2*i], ends[2*i+1], true, true
		} else {
			fi, okF = g.index.lookup(nodes, e.From)
			ti, okT = g.index.lookup(nodes, e.To)
		}
		if okF && okT {
			if len(e.Attrs) == 0 {
				e.Attrs = nil
			}
			if len(e.Evidence) == 0 {
				e.Evidence = nil
			}
			// Share the nodes' ID strings rather than hold copies.
			e.From, e.To = nodes[fi].ID, nodes[ti].ID
			if !in.shared {
				e.Evidence = in.evidence(e.Evidence)
			}
			keys = append(keys, sortKey{fi, ti, int32(len(kept)), kindRank[e.Kind]})
			kept = append(kept, e)
			continue
		}
		missing := e.To
		if !okF {
			missing = e.From
		}
		d := diagnosticFor(e.Evidence, fmt.Sprintf("edge %s names node %q, which no connector reported; edge dropped", e.Key(), missing))
		d.Severity = Warning
		diags = append(diags, d)
	}
	in = nil
	cmpKeys := func(a, b sortKey) int {
		if a.from != b.from {
			return int(a.from - b.from)
		}
		if a.to != b.to {
			return int(a.to - b.to)
		}
		return int(a.kind) - int(b.kind)
	}
	sorted := slices.IsSortedFunc(keys, cmpKeys)
	if !sorted {
		slices.SortFunc(keys, cmpKeys)
	}
	if sorted {
		edges = kept
	} else {
		edges = make([]Edge, len(kept))
	}
	from := make([]int32, len(kept))
	to := make([]int32, len(kept))
	for i, k := range keys {
		if !sorted {
			edges[i] = kept[k.i]
		}
		from[i], to[i] = k.from, k.to
	}
	keys = nil
	g.setEdges(edges, from, to)
	g.setDiags(diags)
	return g
}

// setEdges indexes edges sorted by (from, to, kind), with the node indices
// of their ends.
func (g *Graph) setEdges(edges []Edge, from, to []int32) {
	n := len(g.nodes)
	g.edges, g.to = edges, to
	g.outStart = make([]int32, n+1)
	g.inStart = make([]int32, n+1)
	for i := range edges {
		g.outStart[from[i]+1]++
		g.inStart[to[i]+1]++
	}
	for i := range n {
		g.outStart[i+1] += g.outStart[i]
		g.inStart[i+1] += g.inStart[i]
	}
	// Counting sort of edges by target; stable, so ties stay in (from, kind) order.
	g.inEdges = make([]int32, len(edges))
	g.inFrom = make([]int32, len(edges))
	next := slices.Clone(g.inStart[:n])
	for i := range edges {
		t := to[i]
		g.inEdges[next[t]] = int32(i)
		g.inFrom[next[t]] = from[i]
		next[t]++
	}
}

// setDiags keeps the diagnostics in order, without repeats.
func (g *Graph) setDiags(diags []Diagnostic) {
	slices.SortFunc(diags, compareDiagnostics)
	g.diags = slices.CompactFunc(diags, func(a, b Diagnostic) bool { return a == b })
}

// nodeGraph starts a graph of nodes sorted by ID: it normalises them and
// indexes their IDs.
func nodeGraph(in *interner, nodes []Node) *Graph {
	for i := range nodes {
		n := &nodes[i]
		if len(n.Attrs) == 0 {
			n.Attrs = nil
		}
		if len(n.Evidence) == 0 {
			n.Evidence = nil
		}
		if !in.shared {
			n.Evidence = in.evidence(n.Evidence)
		}
	}
	return &Graph{nodes: nodes, index: newIDIndex(nodes)}
}

// names builds the name index on first use: most graphs are loaded to be
// walked from an exact ID, and the index costs a map entry per named node.
func (g *Graph) names() {
	g.nameOnce.Do(func() {
		g.byName = make(map[string]int32)
		g.nameNext = make([]int32, len(g.nodes))
		last := make(map[string]int32)
		for i, n := range g.nodes {
			g.nameNext[i] = -1
			if n.Name == "" {
				continue
			}
			if l, ok := last[n.Name]; ok {
				g.nameNext[l] = int32(i)
			} else {
				g.byName[n.Name] = int32(i)
			}
			last[n.Name] = int32(i)
		}
	})
}

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
