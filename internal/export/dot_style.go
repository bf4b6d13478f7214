package export

import (
	"github.com/convene-dev/convene/graph"
)

// The DOT palette. It is one table per kind of thing so the drawing, the
// legend and docs/export.md cannot drift apart: change a colour here and in
// the doc's table together.

// font is the typeface of every label; Graphviz takes the first family the
// renderer has.
const font = "Helvetica,Arial,sans-serif"

// nodeStyle is how one node kind is drawn.
type nodeStyle struct {
	kind   graph.NodeKind
	shape  string
	style  string // Graphviz style list
	fill   string // fillcolor
	border string // color of the outline
	colour string // the fill's name, for the legend
}

// nodeStyles lists a style per node kind, in graph.NodeKinds order. Shapes
// differ as well as colours, so the drawing reads in greyscale and for
// colour-blind reviewers.
var nodeStyles = []nodeStyle{
	{graph.Identity, "ellipse", "filled", "#dbeafe", "#1d4ed8", "blue"},
	{graph.Credential, "note", "filled", "#fef3c7", "#b45309", "amber"},
	{graph.Policy, "hexagon", "filled", "#ede9fe", "#6d28d9", "violet"},
	{graph.Workload, "box", "filled,rounded", "#dcfce7", "#15803d", "green"},
	{graph.Owner, "house", "filled", "#ffe4e6", "#be123c", "rose"},
	{graph.Location, "folder", "filled", "#f1f5f9", "#475569", "slate"},
}

// unknownNodeStyle draws a node whose kind this version does not know; the
// builder rejects such nodes, so it is a safety net only.
var unknownNodeStyle = nodeStyle{"", "box", "filled,dashed", "#ffffff", "#000000", "white"}

func styleOfNode(k graph.NodeKind) nodeStyle {
	for _, s := range nodeStyles {
		if s.kind == k {
			return s
		}
	}
	return unknownNodeStyle
}

// edgeFamily groups edge kinds drawn alike. Every edge is also labelled with
// its kind, so colour only helps the eye.
type edgeFamily struct {
	about  string // what the family means, for the legend
	kinds  []graph.EdgeKind
	colour string
	name   string // the colour's name, for the legend
	style  string // Graphviz style: solid or dashed
	pen    string // penwidth
}

// edgeFamilies colour the dependency edges by what flows along them and draw
// the structural ones (ownership and location) thin, dashed and grey, so the
// dependencies stand out.
var edgeFamilies = []edgeFamily{
	{"acts as", []graph.EdgeKind{graph.Assumes, graph.RunsAs, graph.AuthenticatesAs, graph.KeyOf}, "#1d4ed8", "blue", "solid", "1.5"},
	{"permissions", []graph.EdgeKind{graph.HasPolicy, graph.Grants}, "#6d28d9", "violet", "solid", "1.5"},
	{"secrets", []graph.EdgeKind{graph.Reads, graph.Uses, graph.CopyOf}, "#b45309", "amber", "solid", "1.5"},
	{"services", []graph.EdgeKind{graph.DependsOn, graph.Triggers}, "#15803d", "green", "solid", "1.5"},
	{"structure", []graph.EdgeKind{graph.OwnedBy, graph.PartOf}, "#9ca3af", "grey", "dashed", "1"},
	{"could act as (derived)", []graph.EdgeKind{graph.CanBecome}, "#dc2626", "red", "dashed", "1.5"},
}

// unknownEdgeFamily draws an edge whose kind this version does not know.
var unknownEdgeFamily = edgeFamily{"unknown", nil, "#000000", "black", "dotted", "1"}

func familyOfEdge(k graph.EdgeKind) edgeFamily {
	for _, f := range edgeFamilies {
		for _, fk := range f.kinds {
			if fk == k {
				return f
			}
		}
	}
	return unknownEdgeFamily
}

// Cluster colours: a light box with a slate outline, the location's colours.
const (
	clusterFill   = "#f8fafc"
	clusterBorder = "#94a3b8"
)

// nodeAttrs are the attributes of one node: its label is the name (or the
// ID when it has none) over its type, and its tooltip the full ID.
func nodeAttrs(n graph.Node) attrList {
	s := styleOfNode(n.Kind)
	return attrList{
		{Key: "label", Value: quoteText(labelText(n))},
		{Key: "tooltip", Value: quoteText(n.ID)},
		{Key: "shape", Value: s.shape},
		{Key: "style", Value: quoteText(s.style)},
		{Key: "fillcolor", Value: quoteText(s.fill)},
		{Key: "color", Value: quoteText(s.border)},
	}
}

// labelText is the text shown for a node or its cluster.
func labelText(n graph.Node) string {
	title := n.Name
	if title == "" {
		title = n.ID
	}
	typ := n.Type
	if typ == "" {
		typ = string(n.Kind)
	}
	return title + "\n" + typ
}

// edgeAttrs are the attributes of one edge: its kind as the label, and the
// whole edge as the tooltip.
func edgeAttrs(e graph.Edge) attrList {
	f := familyOfEdge(e.Kind)
	a := attrList{
		{Key: "label", Value: quoteText(string(e.Kind))},
		{Key: "tooltip", Value: quoteText(e.Key().String())},
		{Key: "color", Value: quoteText(f.colour)},
		{Key: "fontcolor", Value: quoteText(f.colour)},
	}
	if f.style != "solid" {
		a = append(a, attr{Key: "style", Value: f.style})
	}
	if f.pen != "1" {
		a = append(a, attr{Key: "penwidth", Value: f.pen})
	}
	return a
}

// clusterAttrs are the graph attributes of a location's cluster.
func clusterAttrs(loc graph.Node) attrList {
	return attrList{
		{Key: "label", Value: quoteText(labelText(loc))},
		{Key: "tooltip", Value: quoteText(loc.ID)},
		{Key: "style", Value: quoteText("rounded,filled")},
		{Key: "fillcolor", Value: quoteText(clusterFill)},
		{Key: "color", Value: quoteText(clusterBorder)},
		{Key: "fontsize", Value: "11"},
		{Key: "labeljust", Value: "l"},
	}
}
