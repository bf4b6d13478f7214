package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/drift"
	"github.com/convene-dev/convene/schemas"
)

// Drift writes a drift report in the given format. Text and Markdown group
// node changes by kind and then by owner; JSON is documented in
// docs/drift.md.
func Drift(w io.Writer, format string, r *drift.Report) error {
	return checked(w, func(w io.Writer) error {
		switch format {
		case "json":
			return driftJSON(w, r)
		case "md":
			return driftText(w, r, true)
		case "text":
			return driftText(w, r, false)
		}
		return CheckFormat(format)
	})
}

type driftGroup struct {
	kind  graph.NodeKind
	owner string
	lines []string
}

func groupNodes(r *drift.Report, md bool) []driftGroup {
	byKey := map[[2]string]*driftGroup{}
	add := func(sign string, c drift.NodeChange) {
		owner := "(no owner)"
		if len(c.Owners) > 0 {
			owner = strings.Join(c.Owners, ", ")
		}
		key := [2]string{string(c.Kind), owner}
		g := byKey[key]
		if g == nil {
			g = &driftGroup{kind: c.Kind, owner: owner}
			byKey[key] = g
		}
		label := c.ID
		if md {
			label = "`" + mdEscape(c.ID) + "`"
		}
		line := fmt.Sprintf("%s %s (%s)", sign, label, c.Type)
		if md {
			line = "- " + line
		}
		g.lines = append(g.lines, line)
		for _, d := range c.Details {
			if md {
				g.lines = append(g.lines, fmt.Sprintf("    - %s: %s", d.Field, mdEscape(d.Value)))
			} else {
				g.lines = append(g.lines, fmt.Sprintf("    %s: %s", d.Field, d.Value))
			}
		}
		for _, ch := range c.Changes {
			g.lines = append(g.lines, changeLine(ch, md))
		}
	}
	for _, c := range r.AddedNodes {
		add("+", c)
	}
	for _, c := range r.RemovedNodes {
		add("-", c)
	}
	for _, c := range r.ChangedNodes {
		add("~", c)
	}
	var groups []driftGroup
	for _, g := range byKey {
		groups = append(groups, *g)
	}
	slices.SortFunc(groups, func(a, b driftGroup) int {
		if c := slices.Index(graph.NodeKinds, a.kind) - slices.Index(graph.NodeKinds, b.kind); c != 0 {
			return c
		}
		return strings.Compare(a.owner, b.owner)
	})
	return groups
}

func changeLine(ch drift.Change, md bool) string {
	old, new := quoteOrNone(ch.Old), quoteOrNone(ch.New)
	if md {
		return fmt.Sprintf("    - %s: %s → %s", ch.Field, mdEscape(old), mdEscape(new))
	}
	return fmt.Sprintf("    %s: %s -> %s", ch.Field, old, new)
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return fmt.Sprintf("%q", s)
}

func driftText(w io.Writer, r *drift.Report, md bool) error {
	h := func(level int, s string) {
		if md {
			fmt.Fprintf(w, "%s %s\n\n", strings.Repeat("#", level), s)
		} else {
			fmt.Fprintln(w, s)
		}
	}
	h(1, fmt.Sprintf("Drift from %s to %s", r.From, r.To))
	fmt.Fprintf(w, "nodes: %d added, %d removed, %d changed; edges: %d added, %d removed, %d changed\n",
		len(r.AddedNodes), len(r.RemovedNodes), len(r.ChangedNodes),
		len(r.AddedEdges), len(r.RemovedEdges), len(r.ChangedEdges))
	if r.Empty() {
		fmt.Fprintln(w, "no changes")
		return nil
	}
	fmt.Fprintln(w)
	for _, g := range groupNodes(r, md) {
		h(2, fmt.Sprintf("%s — owner %s", g.kind, g.owner))
		for _, l := range g.lines {
			if !md {
				l = "  " + l
			}
			fmt.Fprintln(w, l)
		}
		fmt.Fprintln(w)
	}
	if len(r.NewFindings)+len(r.ResolvedFindings) > 0 {
		h(2, "findings")
		for _, f := range r.NewFindings {
			if md {
				fmt.Fprintf(w, "- NEW %s\n", mdEscape(f))
			} else {
				fmt.Fprintf(w, "  NEW %s\n", f)
			}
		}
		for _, f := range r.ResolvedFindings {
			if md {
				fmt.Fprintf(w, "- resolved %s\n", mdEscape(f))
			} else {
				fmt.Fprintf(w, "  resolved %s\n", f)
			}
		}
		fmt.Fprintln(w)
	}
	if n := len(r.AddedEdges) + len(r.RemovedEdges) + len(r.ChangedEdges); n > 0 {
		h(2, "edges")
		edge := func(sign string, e drift.EdgeChange) {
			line := fmt.Sprintf("%s %s -%s-> %s", sign, e.From, e.Kind, e.To)
			if md {
				line = fmt.Sprintf("- %s `%s` -%s-> `%s`", sign, mdEscape(e.From), e.Kind, mdEscape(e.To))
			} else {
				line = "  " + line
			}
			fmt.Fprintln(w, line)
			for _, ch := range e.Changes {
				fmt.Fprintln(w, changeLine(ch, md))
			}
		}
		for _, e := range r.AddedEdges {
			edge("+", e)
		}
		for _, e := range r.RemovedEdges {
			edge("-", e)
		}
		for _, e := range r.ChangedEdges {
			edge("~", e)
		}
	}
	return nil
}

// The JSON shapes of a drift report; docs/drift.md documents them.
type (
	driftDoc struct {
		Schema  string       `json:"$schema"`
		Format  string       `json:"format"`
		Version int          `json:"version"`
		From    string       `json:"from"`
		To      string       `json:"to"`
		Nodes   driftNodeSet `json:"nodes"`
		Edges   driftEdgeSet `json:"edges"`
		// Findings lists findings that appeared (new) or went away.
		Findings driftFindings `json:"findings"`
	}
	driftFindings struct {
		New      []string `json:"new"`
		Resolved []string `json:"resolved"`
	}
	driftNodeSet struct {
		Added   []driftNode `json:"added"`
		Removed []driftNode `json:"removed"`
		Changed []driftNode `json:"changed"`
	}
	driftEdgeSet struct {
		Added   []driftEdge `json:"added"`
		Removed []driftEdge `json:"removed"`
		Changed []driftEdge `json:"changed"`
	}
	driftNode struct {
		ID      string        `json:"id"`
		Kind    string        `json:"kind"`
		Type    string        `json:"type,omitempty"`
		Name    string        `json:"name,omitempty"`
		Owners  []string      `json:"owners"`
		Changes []driftChange `json:"changes,omitempty"`
		// Details say what an added or removed node is (command,
		// schedule, image, user, file …).
		Details map[string]string `json:"details,omitempty"`
	}
	driftEdge struct {
		From    string        `json:"from"`
		To      string        `json:"to"`
		Kind    string        `json:"kind"`
		Changes []driftChange `json:"changes,omitempty"`
	}
	driftChange struct {
		Field string `json:"field"`
		Old   string `json:"old"`
		New   string `json:"new"`
	}
)

func driftJSON(w io.Writer, r *drift.Report) error {
	nodes := func(cs []drift.NodeChange) []driftNode {
		out := make([]driftNode, 0, len(cs))
		for _, c := range cs {
			owners := c.Owners
			if owners == nil {
				owners = []string{}
			}
			var details map[string]string
			for _, d := range c.Details {
				if details == nil {
					details = map[string]string{}
				}
				details[d.Field] = d.Value
			}
			out = append(out, driftNode{c.ID, string(c.Kind), c.Type, c.Name, owners, changes(c.Changes), details})
		}
		return out
	}
	edges := func(cs []drift.EdgeChange) []driftEdge {
		out := make([]driftEdge, 0, len(cs))
		for _, c := range cs {
			out = append(out, driftEdge{c.From, c.To, string(c.Kind), changes(c.Changes)})
		}
		return out
	}
	doc := driftDoc{
		Schema: schemas.Drift, Format: "convene-drift", Version: 1, From: r.From, To: r.To,
		Nodes:    driftNodeSet{nodes(r.AddedNodes), nodes(r.RemovedNodes), nodes(r.ChangedNodes)},
		Edges:    driftEdgeSet{edges(r.AddedEdges), edges(r.RemovedEdges), edges(r.ChangedEdges)},
		Findings: driftFindings{nonNil(r.NewFindings), nonNil(r.ResolvedFindings)},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func changes(cs []drift.Change) []driftChange {
	var out []driftChange
	for _, c := range cs {
		out = append(out, driftChange{c.Field, c.Old, c.New})
	}
	return out
}
