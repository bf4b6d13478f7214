package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Filter narrows the graph an exporter draws. The zero value keeps
// everything. Owner and location nodes are hubs: one team owns hundreds of
// nodes, one account holds thousands, and a full drawing through them is
// unreadable, so Exclude usually names them.
type Filter struct {
	// Kinds, when set, keeps only nodes of these kinds.
	Kinds []graph.NodeKind
	// EdgeKinds, when set, keeps only edges of these kinds.
	EdgeKinds []graph.EdgeKind
	// Exclude drops nodes of these kinds, and their edges.
	Exclude []graph.NodeKind
}

// empty reports whether the filter keeps everything.
func (f Filter) empty() bool {
	return len(f.Kinds) == 0 && len(f.EdgeKinds) == 0 && len(f.Exclude) == 0
}

func (f Filter) keepsNode(n graph.Node) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, n.Kind) {
		return false
	}
	return !slices.Contains(f.Exclude, n.Kind)
}

func (f Filter) keepsEdge(e graph.Edge) bool {
	return len(f.EdgeKinds) == 0 || slices.Contains(f.EdgeKinds, e.Kind)
}

// ParseNodeKinds reads a list of node kinds as a flag gives them
// ("owner,location"); an unknown kind is an error listing the valid ones.
func ParseNodeKinds(list []string) ([]graph.NodeKind, error) {
	var out []graph.NodeKind
	for _, s := range splitList(list) {
		k := graph.NodeKind(s)
		if !k.Valid() {
			return nil, fmt.Errorf("unknown node kind %q; valid kinds: %s", s, joinKinds(graph.NodeKinds))
		}
		out = append(out, k)
	}
	return out, nil
}

// ParseEdgeKinds reads a list of edge kinds as a flag gives them; an
// unknown kind is an error listing the valid ones.
func ParseEdgeKinds(list []string) ([]graph.EdgeKind, error) {
	var out []graph.EdgeKind
	for _, s := range splitList(list) {
		k := graph.EdgeKind(s)
		if !k.Valid() {
			return nil, fmt.Errorf("unknown edge kind %q; valid kinds: %s", s, joinKinds(graph.EdgeKinds))
		}
		out = append(out, k)
	}
	return out, nil
}

func splitList(list []string) []string {
	var out []string
	for _, item := range list {
		for _, s := range strings.Split(item, ",") {
			if s = strings.TrimSpace(strings.ToLower(s)); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func joinKinds[K ~string](ks []K) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// isHub reports whether a focus walk stops at n rather than going through
// it: owners and locations join otherwise unrelated nodes.
func isHub(n graph.Node) bool { return n.Kind == graph.Owner || n.Kind == graph.Location }

// selectNodes returns the IDs an export keeps: every node the filter keeps
// or, with focus nodes, those within depth edges of them (either way, a
// negative depth without limit). Unless throughHubs is set, a walk reaches
// an owner or location but does not go on from it, unless it is a focus.
func selectNodes(g *graph.Graph, f Filter, focus []string, depth int, throughHubs bool) map[string]bool {
	keep := make(map[string]bool)
	if len(focus) == 0 {
		for _, n := range g.Nodes() {
			if f.keepsNode(n) {
				keep[n.ID] = true
			}
		}
		return keep
	}
	frontier := make([]string, 0, len(focus))
	for _, id := range focus {
		if n, ok := g.Node(id); ok && f.keepsNode(n) && !keep[id] {
			keep[id] = true
			frontier = append(frontier, id)
		}
	}
	isFocus := func(id string) bool { return slices.Contains(focus, id) }
	for d := 0; len(frontier) > 0 && (depth < 0 || d < depth); d++ {
		var next []string
		for _, id := range frontier {
			if n, _ := g.Node(id); isHub(n) && !throughHubs && !isFocus(id) {
				continue
			}
			visit := func(e graph.Edge, other string) {
				if keep[other] || !f.keepsEdge(e) {
					return
				}
				if n, ok := g.Node(other); ok && f.keepsNode(n) {
					keep[other] = true
					next = append(next, other)
				}
			}
			for _, e := range g.Out(id) {
				visit(e, e.To)
			}
			for _, e := range g.In(id) {
				visit(e, e.From)
			}
		}
		frontier = next
	}
	return keep
}

// subgraph is g restricted to the kept nodes and the edges between them
// that the filter keeps, with g's diagnostics.
func subgraph(g *graph.Graph, keep map[string]bool, f Filter) *graph.Graph {
	b := graph.NewBuilder()
	for _, n := range g.Nodes() {
		if keep[n.ID] {
			b.AddNode(n)
		}
	}
	for _, e := range g.Edges() {
		if keep[e.From] && keep[e.To] && f.keepsEdge(e) {
			b.AddEdge(e)
		}
	}
	for _, d := range g.Diagnostics() {
		b.Diagnose(d)
	}
	return b.Build()
}
