package graph

import (
	"fmt"
	"slices"
	"strings"
)

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
