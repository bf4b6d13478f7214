package graph

import (
	"fmt"
	"slices"
)

// edgeRef is an edge report's sort key: its ends' node indices, its kind's
// rank, and where the report is (shard and position), which also keeps
// reports of one edge in arrival order.
type edgeRef struct {
	from, to int32
	i        int32
	kind     uint8
	part     uint8
}

// mergeEdgeReports sorts every edge report by its ends' indices, looked up
// once per report, and merges the reports of each edge as they come
// together in that order, so no map of edge keys is built. The reports
// are read, not moved: Build may be called again. Reports with an end that
// is not a node are merged per edge and dropped with one diagnostic each.
func (g *Graph) mergeEdgeReports(in *interner, parts [][]Edge, diags []Diagnostic) ([]Edge, []int32, []int32, []Diagnostic) {
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	refs := make([]edgeRef, 0, total)
	var dangling map[EdgeKey][]Edge
	for pi, p := range parts {
		for i := range p {
			e := &p[i]
			fi, okF := g.index.lookup(g.nodes, e.From)
			ti, okT := g.index.lookup(g.nodes, e.To)
			if okF && okT {
				refs = append(refs, edgeRef{fi, ti, int32(i), kindRank[e.Kind], uint8(pi)})
				continue
			}
			if dangling == nil {
				dangling = make(map[EdgeKey][]Edge)
			}
			dangling[e.Key()] = append(dangling[e.Key()], *e)
		}
	}
	for _, reports := range dangling {
		e := mergeEdges(reports)
		missing := e.To
		if _, ok := g.index.lookup(g.nodes, e.From); !ok {
			missing = e.From
		}
		d := diagnosticFor(e.Evidence, fmt.Sprintf("edge %s names node %q, which no connector reported; edge dropped", e.Key(), missing))
		d.Severity = Warning
		diags = append(diags, d)
	}
	slices.SortFunc(refs, func(a, b edgeRef) int {
		switch {
		case a.from != b.from:
			return int(a.from - b.from)
		case a.to != b.to:
			return int(a.to - b.to)
		case a.kind != b.kind:
			return int(a.kind) - int(b.kind)
		case a.part != b.part:
			return int(a.part) - int(b.part)
		}
		return int(a.i - b.i)
	})
	runs := 0
	for i := range refs {
		if i == 0 || !sameEdge(refs[i-1], refs[i]) {
			runs++
		}
	}
	var edges []Edge // nil when empty, as every graph has it
	if runs > 0 {
		edges = make([]Edge, 0, runs)
	}
	from := make([]int32, 0, runs)
	to := make([]int32, 0, runs)
	var reports []Edge
	for i := 0; i < len(refs); {
		j := i + 1
		for j < len(refs) && sameEdge(refs[i], refs[j]) {
			j++
		}
		var e Edge
		if j == i+1 {
			e = parts[refs[i].part][refs[i].i]
			e.Evidence = normEvidence(e.Evidence)
		} else {
			reports = reports[:0]
			for _, r := range refs[i:j] {
				reports = append(reports, parts[r.part][r.i])
			}
			e = mergeEdges(reports)
		}
		r := refs[i]
		if len(e.Attrs) == 0 {
			e.Attrs = nil
		}
		if len(e.Evidence) == 0 {
			e.Evidence = nil
		}
		// Share the nodes' ID strings rather than hold copies.
		e.From, e.To = g.nodes[r.from].ID, g.nodes[r.to].ID
		e.Evidence = in.evidence(e.Evidence)
		edges = append(edges, e)
		from = append(from, r.from)
		to = append(to, r.to)
		i = j
	}
	return edges, from, to, diags
}

func sameEdge(a, b edgeRef) bool { return a.from == b.from && a.to == b.to && a.kind == b.kind }
