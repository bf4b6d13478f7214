package graph

import (
	"fmt"
	"iter"
	"slices"
	"strings"
)

// Graph is an immutable, merged view of an estate. Nodes are held in ID
// order and edges in (From, To, Kind) order, so every iteration is
// deterministic. Each node also has a dense index, 0..Len()-1, which is its
// gonum ID in the views returned by Forward and Reverse.
type Graph struct {
	nodes []Node
	index map[string]int32
	edges []Edge // sorted by (from index, to index, kind)

	outStart []int32 // edges[outStart[i]:outStart[i+1]] leave node i
	inStart  []int32 // inEdges[inStart[i]:inStart[i+1]] enter node i
	inEdges  []int32 // edge indices sorted by (to, from, kind)
	from, to []int32 // node index of each edge's ends

	byName map[string][]int32
	diags  []Diagnostic
}

// newGraph indexes merged nodes and edges. Edges with an end that is not a
// node are dropped and reported as diagnostics.
func newGraph(nodes []Node, edges []Edge, diags []Diagnostic) *Graph {
	slices.SortFunc(nodes, func(a, b Node) int { return strings.Compare(a.ID, b.ID) })
	g := &Graph{nodes: nodes, index: make(map[string]int32, len(nodes)), byName: make(map[string][]int32)}
	for i, n := range nodes {
		if len(n.Attrs) == 0 {
			nodes[i].Attrs = nil
		}
		if len(n.Evidence) == 0 {
			nodes[i].Evidence = nil
		}
		g.index[n.ID] = int32(i)
		if n.Name != "" {
			g.byName[n.Name] = append(g.byName[n.Name], int32(i))
		}
	}
	kept := edges[:0]
	for _, e := range edges {
		_, okF := g.index[e.From]
		_, okT := g.index[e.To]
		if okF && okT {
			if len(e.Attrs) == 0 {
				e.Attrs = nil
			}
			if len(e.Evidence) == 0 {
				e.Evidence = nil
			}
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
	// Sort a permutation by the ends' indices, looked up once per edge
	// rather than in every comparison.
	type sortKey struct {
		from, to int32
		kind     EdgeKind
		i        int32
	}
	keys := make([]sortKey, len(kept))
	for i, e := range kept {
		keys[i] = sortKey{g.index[e.From], g.index[e.To], e.Kind, int32(i)}
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		if a.from != b.from {
			return int(a.from - b.from)
		}
		if a.to != b.to {
			return int(a.to - b.to)
		}
		return strings.Compare(string(a.kind), string(b.kind))
	})
	edges = make([]Edge, len(kept))
	g.from = make([]int32, len(kept))
	g.to = make([]int32, len(kept))
	g.outStart = make([]int32, len(nodes)+1)
	g.inStart = make([]int32, len(nodes)+1)
	for i, k := range keys {
		edges[i] = kept[k.i]
		g.from[i], g.to[i] = k.from, k.to
		g.outStart[k.from+1]++
		g.inStart[k.to+1]++
	}
	g.edges = edges
	for i := range nodes {
		g.outStart[i+1] += g.outStart[i]
		g.inStart[i+1] += g.inStart[i]
	}
	// Counting sort of edges by target; stable, so ties stay in (from, kind) order.
	g.inEdges = make([]int32, len(edges))
	next := slices.Clone(g.inStart[:len(nodes)])
	for i := range edges {
		t := g.to[i]
		g.inEdges[next[t]] = int32(i)
		next[t]++
	}
	slices.SortFunc(diags, compareDiagnostics)
	g.diags = slices.CompactFunc(diags, func(a, b Diagnostic) bool { return a == b })
	return g
}

// newGraphUnique indexes nodes and edges that are already merged, as in a
// graph file convene wrote. It reports false, and builds nothing, when an
// ID or an edge repeats, so the caller can merge through a Builder.
func newGraphUnique(nodes []Node, edges []Edge, diags []Diagnostic) (*Graph, bool) {
	seen := make(map[string]struct{}, len(nodes))
	for _, n := range nodes {
		if _, dup := seen[n.ID]; dup {
			return nil, false
		}
		seen[n.ID] = struct{}{}
	}
	g := newGraph(nodes, edges, diags)
	for i := 1; i < len(g.edges); i++ {
		if g.from[i] == g.from[i-1] && g.to[i] == g.to[i-1] && g.edges[i].Kind == g.edges[i-1].Kind {
			return nil, false
		}
	}
	return g, true
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
	i, ok := g.index[id]
	if !ok {
		return Node{}, false
	}
	return g.nodes[i], true
}

// Index returns the dense index (and gonum ID) of the node with the given ID.
func (g *Graph) Index(id string) (int, bool) {
	i, ok := g.index[id]
	return int(i), ok
}

// At returns the node at a dense index.
func (g *Graph) At(i int) Node { return g.nodes[i] }

// Out returns the edges leaving the node: what it depends on.
func (g *Graph) Out(id string) []Edge {
	i, ok := g.index[id]
	if !ok {
		return nil
	}
	return g.edges[g.outStart[i]:g.outStart[i+1]]
}

// In returns the edges entering the node: what depends on it. They are in
// (From, Kind) order.
func (g *Graph) In(id string) []Edge {
	i, ok := g.index[id]
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
		i, ok := g.index[id]
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
