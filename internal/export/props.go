package export

import (
	"slices"
	"strings"
	"unicode"

	"github.com/convene-dev/convene/graph"
)

// The flat property view of nodes and edges that the table-like formats
// (GraphML, Cytoscape, OpenGraph, Neo4j) share: fixed members first, then
// the node's attributes under "attr_<key>", all strings.

// attrKeys returns every attribute key used by the nodes, sorted.
func attrKeys(g *graph.Graph) []string {
	seen := make(map[string]bool)
	for _, n := range g.Nodes() {
		for k := range n.Attrs {
			seen[k] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// edgeAttrKeys returns every attribute key used by the edges, sorted.
func edgeAttrKeys(g *graph.Graph) []string {
	seen := make(map[string]bool)
	for _, e := range g.Edges() {
		for k := range e.Attrs {
			seen[k] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// label is what a person reads on a node: its name, else its ID.
func label(n graph.Node) string {
	if n.Name != "" {
		return n.Name
	}
	return n.ID
}

// strongestBasis is the strongest basis among the evidence, the one a
// reviewer filters on ("show me what was observed").
func strongestBasis(evs []graph.Evidence) string {
	rank := map[graph.Basis]int{graph.Configured: 1, graph.Declared: 2, graph.Derived: 3, graph.Observed: 4}
	best := graph.Basis("")
	for _, ev := range evs {
		if rank[ev.Basis] > rank[best] {
			best = ev.Basis
		}
	}
	return string(best)
}

// evidenceText renders the evidence one claim a line.
func evidenceText(evs []graph.Evidence) string {
	lines := make([]string, len(evs))
	for i, ev := range evs {
		lines[i] = ev.String()
	}
	return strings.Join(lines, "\n")
}

// scheduleText renders a schedule as "expr (dialect, zone)", or "".
func scheduleText(s *graph.Schedule) string {
	if s == nil {
		return ""
	}
	out := s.Expr + " (" + string(s.Dialect)
	if s.TimeZone != "" {
		out += ", " + s.TimeZone
	}
	return out + ")"
}

// pascal turns "aws-role" or "runs_as" into "AwsRole" or "RunsAs", for the
// formats whose labels are identifiers.
func pascal(s string) string {
	var sb strings.Builder
	up := true
	for _, r := range s {
		switch {
		case r == '-' || r == '_' || r == '.' || r == ' ' || r == ':' || r == '/':
			up = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if up {
				r = unicode.ToUpper(r)
				up = false
			}
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
