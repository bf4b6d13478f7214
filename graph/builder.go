package graph

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync"
)

// Builder collects what connectors report and builds a Graph from it. It is
// safe for concurrent use: connectors running in parallel write into one
// Builder.
//
// The Builder takes ownership of the maps and slices inside the nodes and
// edges it is given. Build may be called more than once; later reports are
// merged into the next Build.
type Builder struct {
	shards [builderShards]builderShard
	seed   maphash.Seed

	diagMu sync.Mutex
	diags  []Diagnostic
}

const builderShards = 64

// builderShard holds reports in arrival order, in flat slices: a node's
// reports are chained by index from the first to the last, and edges are
// not keyed at all until Build sorts them, so the Builder holds each
// report once and allocates nothing per report but its slot.
type builderShard struct {
	mu    sync.Mutex
	nodes []Node
	next  []int32          // the next report of the same node, or -1
	heads map[string]chain // the first and last report of each node
	edges []Edge
}

type chain struct{ first, last int32 }

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	b := &Builder{seed: maphash.MakeSeed()}
	for i := range b.shards {
		b.shards[i].heads = make(map[string]chain)
	}
	return b
}

func (b *Builder) shard(id string) *builderShard {
	return &b.shards[maphash.String(b.seed, id)%builderShards]
}

// AddNode reports a node. Reports of the same ID by several connectors, or
// several times by one, are merged when the graph is built. A node with no ID
// or an unknown kind is recorded as a diagnostic instead.
func (b *Builder) AddNode(n Node) {
	if err := validNode(n); err != nil {
		b.Diagnose(diagnosticFor(n.Evidence, err.Error()))
		return
	}
	s := b.shard(n.ID)
	s.mu.Lock()
	i := int32(len(s.nodes))
	s.nodes = append(s.nodes, n)
	s.next = append(s.next, -1)
	if c, ok := s.heads[n.ID]; ok {
		s.next[c.last] = i
		s.heads[n.ID] = chain{c.first, i}
	} else {
		s.heads[n.ID] = chain{i, i}
	}
	s.mu.Unlock()
}

// AddEdge reports an edge. Both ends must be reported as nodes too, by this
// connector or another, before Build; an edge whose end is never reported is
// dropped with a diagnostic. Edges with the same From, To and Kind are merged.
func (b *Builder) AddEdge(e Edge) {
	if err := validEdge(e); err != nil {
		b.Diagnose(diagnosticFor(e.Evidence, err.Error()))
		return
	}
	s := b.shard(e.From)
	s.mu.Lock()
	s.edges = append(s.edges, e)
	s.mu.Unlock()
}

// Diagnose records a problem met while reading a source.
func (b *Builder) Diagnose(d Diagnostic) {
	b.diagMu.Lock()
	b.diags = append(b.diags, d)
	b.diagMu.Unlock()
}

// AddGraph reports every node, edge and diagnostic of g, as when partial
// scans made elsewhere are combined.
func (b *Builder) AddGraph(g *Graph) {
	for _, n := range g.nodes {
		b.AddNode(cloneNode(n))
	}
	for _, e := range g.edges {
		b.AddEdge(cloneEdge(e))
	}
	for _, d := range g.diags {
		b.Diagnose(d)
	}
}

func validNode(n Node) error {
	switch {
	case n.ID == "":
		return fmt.Errorf("node with no ID (type %q, name %q) skipped", n.Type, n.Name)
	case !n.Kind.Valid():
		return fmt.Errorf("node %q has unknown kind %q; skipped", n.ID, n.Kind)
	}
	for _, ev := range n.Evidence {
		if ev.Basis != "" && !ev.Basis.Valid() {
			return fmt.Errorf("node %q has evidence with unknown basis %q; skipped", n.ID, ev.Basis)
		}
	}
	return nil
}

func validEdge(e Edge) error {
	switch {
	case e.From == "" || e.To == "":
		return fmt.Errorf("edge %s has an empty end; skipped", e.Key())
	case !e.Kind.Valid():
		return fmt.Errorf("edge %s has unknown kind %q; skipped", e.Key(), e.Kind)
	}
	for _, ev := range e.Evidence {
		if ev.Basis != "" && !ev.Basis.Valid() {
			return fmt.Errorf("edge %s has evidence with unknown basis %q; skipped", e.Key(), ev.Basis)
		}
	}
	return nil
}

func diagnosticFor(evs []Evidence, msg string) Diagnostic {
	d := Diagnostic{Severity: Error, Message: msg}
	if len(evs) > 0 {
		d.Connector, d.File, d.Line = evs[0].Connector, evs[0].Source, evs[0].Line
	}
	return d
}

// Build merges everything reported so far into an immutable Graph.
//
// Merging is deterministic whatever order the reports arrived in: reports of
// one node are folded in the order of their evidence. The first report to
// give a field sets it; a later report that disagrees does not overwrite it
// but adds its value to the node's evidence, so no claim is lost.
func (b *Builder) Build() *Graph {
	for i := range b.shards {
		b.shards[i].mu.Lock()
		defer b.shards[i].mu.Unlock()
	}
	total := 0
	for i := range b.shards {
		total += len(b.shards[i].heads)
	}
	var nodes []Node // nil when empty, as every graph has it
	if total > 0 {
		nodes = make([]Node, 0, total)
	}
	var reports []Node
	for i := range b.shards {
		s := &b.shards[i]
		for _, c := range s.heads {
			if c.first == c.last {
				n := s.nodes[c.first]
				n.Evidence = normEvidence(n.Evidence)
				nodes = append(nodes, n)
				continue
			}
			reports = reports[:0]
			for j := c.first; j >= 0; j = s.next[j] {
				reports = append(reports, s.nodes[j])
			}
			nodes = append(nodes, mergeNodes(reports))
		}
	}
	b.diagMu.Lock()
	diags := slices.Clone(b.diags)
	b.diagMu.Unlock()
	slices.SortFunc(nodes, func(a, b Node) int { return strings.Compare(a.ID, b.ID) })
	in := newInterner()
	g := nodeGraph(in, nodes)
	parts := make([][]Edge, len(b.shards))
	for i := range b.shards {
		parts[i] = b.shards[i].edges
	}
	edges, from, to, diags := g.mergeEdgeReports(in, parts, diags)
	g.setEdges(edges, from, to)
	g.setDiags(diags)
	return g
}
