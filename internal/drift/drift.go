// Package drift compares two graphs of the same estate — two snapshots, or a
// snapshot and a fresh scan — and says what changed: nodes and edges added,
// removed, and changed with the attributes that changed.
//
// Only what a node or edge is counts as a change (kind, type, name,
// attributes, schedule, owners); evidence moving to another line does not,
// nor does the "line" of a record inside a JSON attribute (an owners-file
// rule, a CODEOWNERS rule, an inline credential's location): line numbers
// are provenance, and a comment added at the top of a file is no change.
package drift

import (
	"maps"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// Report is the difference between two graphs, each list in ID order.
type Report struct {
	// From and To label the compared graphs, for example "snapshot 12".
	From, To string

	AddedNodes, RemovedNodes, ChangedNodes []NodeChange
	AddedEdges, RemovedEdges, ChangedEdges []EdgeChange

	// NewFindings and ResolvedFindings are one line per finding that
	// appeared or went away, filled by the caller, which runs the rules.
	NewFindings, ResolvedFindings []string
}

// NodeChange is one node added, removed or changed.
type NodeChange struct {
	ID   string
	Kind graph.NodeKind
	Type string
	Name string
	// Owners are the node's direct owners, in the newer graph (the older
	// one for a removed node).
	Owners []string
	// Changes lists what changed, for a changed node.
	Changes []Change
	// Details say what an added or removed node is, to a person who does
	// not know its ID by heart: what it runs, when, from which image, as
	// whom, and where it was found (describe.go).
	Details []Detail
}

// EdgeChange is one edge added, removed or changed.
type EdgeChange struct {
	From, To string
	Kind     graph.EdgeKind
	Changes  []Change
}

// Change is one field or attribute that differs. Old is empty for a value
// that appeared, New for one that went.
type Change struct {
	Field string
	Old   string
	New   string
}

// Empty reports whether nothing changed.
func (r *Report) Empty() bool {
	return len(r.AddedNodes)+len(r.RemovedNodes)+len(r.ChangedNodes)+
		len(r.AddedEdges)+len(r.RemovedEdges)+len(r.ChangedEdges)+
		len(r.NewFindings)+len(r.ResolvedFindings) == 0
}

// Compare returns what changed from old to new.
func Compare(old, new *graph.Graph) *Report {
	r := &Report{}
	oldOwners, newOwners := ownersIn(old), ownersIn(new)
	for _, n := range new.Nodes() {
		o, ok := old.Node(n.ID)
		switch {
		case !ok:
			c := nodeChange(newOwners, n, nil)
			c.Details = Describe(n)
			r.AddedNodes = append(r.AddedNodes, c)
		default:
			if cs := nodeChanges(oldOwners, newOwners, o, n); len(cs) > 0 {
				r.ChangedNodes = append(r.ChangedNodes, nodeChange(newOwners, n, cs))
			}
		}
	}
	for _, o := range old.Nodes() {
		if _, ok := new.Node(o.ID); !ok {
			c := nodeChange(oldOwners, o, nil)
			c.Details = Describe(o)
			r.RemovedNodes = append(r.RemovedNodes, c)
		}
	}
	oldEdges := edgeIndex(old)
	newEdges := edgeIndex(new)
	for _, e := range new.Edges() {
		o, ok := oldEdges[e.Key()]
		switch {
		case !ok:
			r.AddedEdges = append(r.AddedEdges, EdgeChange{From: e.From, To: e.To, Kind: e.Kind})
		default:
			if cs := attrChanges(o.Attrs, e.Attrs); len(cs) > 0 {
				r.ChangedEdges = append(r.ChangedEdges, EdgeChange{From: e.From, To: e.To, Kind: e.Kind, Changes: cs})
			}
		}
	}
	for _, o := range old.Edges() {
		if _, ok := newEdges[o.Key()]; !ok {
			r.RemovedEdges = append(r.RemovedEdges, EdgeChange{From: o.From, To: o.To, Kind: o.Kind})
		}
	}
	return r
}

func edgeIndex(g *graph.Graph) map[graph.EdgeKey]graph.Edge {
	m := make(map[graph.EdgeKey]graph.Edge, len(g.Edges()))
	for _, e := range g.Edges() {
		m[e.Key()] = e
	}
	return m
}

func nodeChange(owners func(string) []string, n graph.Node, cs []Change) NodeChange {
	return NodeChange{ID: n.ID, Kind: n.Kind, Type: n.Type, Name: n.Name, Owners: owners(n.ID), Changes: cs}
}

// ownersIn answers who owns a node of g as plans and findings do
// (internal/owners: precedence, aliases, inheritance through part_of,
// runs_as, copy_of and key_of): the effective owners' IDs, in order.
func ownersIn(g *graph.Graph) func(string) []string {
	r := owners.NewResolver(g, owners.Options{})
	return func(id string) []string {
		no := r.Of(id)
		if no == nil { // an owner or other node nobody owns by design
			return nil
		}
		var out []string
		for _, o := range no.Effective() {
			out = append(out, o.ID)
		}
		return out
	}
}

func nodeChanges(oldOwners, newOwners func(string) []string, o, n graph.Node) []Change {
	var cs []Change
	field := func(name, a, b string) {
		if a != b {
			cs = append(cs, Change{Field: name, Old: a, New: b})
		}
	}
	field("kind", string(o.Kind), string(n.Kind))
	field("type", o.Type, n.Type)
	field("name", o.Name, n.Name)
	field("schedule", scheduleString(o.Schedule), scheduleString(n.Schedule))
	field("owners", strings.Join(oldOwners(o.ID), ", "), strings.Join(newOwners(n.ID), ", "))
	return append(cs, attrChanges(o.Attrs, n.Attrs)...)
}

func scheduleString(s *graph.Schedule) string {
	if s == nil {
		return ""
	}
	out := s.Expr + " (" + string(s.Dialect)
	if s.TimeZone != "" {
		out += ", " + s.TimeZone
	}
	return out + ")"
}

// reencodedList reports whether old is a list that an older convene wrote
// joined by commas (or, for systemd's command lines and the CI connectors'
// unresolved references, by newlines or "; ") and new the same list as
// the JSON array graph.EncodeList writes now: not a change in the estate.
func reencodedList(old, new string) bool {
	if strings.HasPrefix(old, "[") || !strings.HasPrefix(new, "[") {
		return false
	}
	list := graph.DecodeList(new)
	return slices.Equal(graph.DecodeList(old), list) ||
		slices.Equal(strings.Split(old, "\n"), list) || slices.Equal(strings.Split(old, "; "), list)
}

func attrChanges(old, new map[string]string) []Change {
	keys := slices.Sorted(maps.Keys(old))
	for k := range new {
		if _, ok := old[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var cs []Change
	for _, k := range keys {
		if old[k] != new[k] && withoutLines(old[k]) != withoutLines(new[k]) && !reencodedList(old[k], new[k]) {
			cs = append(cs, Change{Field: "attrs." + k, Old: old[k], New: new[k]})
		}
	}
	return cs
}
