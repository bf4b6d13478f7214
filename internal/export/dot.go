package export

import (
	"io"

	"github.com/convene-dev/convene/graph"
)

// DOTOptions tunes the DOT drawing. The zero value is the plain drawing.
type DOTOptions struct {
	// Title, when set, is written above the graph.
	Title string
	// Legend adds a table of the node shapes and colours and the edge
	// colours to the top of the drawing.
	Legend bool
}

// DOT writes g as a Graphviz DOT digraph, ready for `dot -Tsvg`.
//
// Each node is drawn with its kind's shape and colour, labelled with its
// name (or its ID when it has none) over its type, with its full ID as the
// tooltip. Each edge is a line of its own, labelled with its kind;
// ownership and location edges are dashed and grey so the dependency edges
// stand out. A node that is part_of a location is drawn inside a box for
// that location. docs/export.md shows the palette. The same graph always
// gives the same bytes.
func DOT(w io.Writer, g *graph.Graph, opts DOTOptions) error {
	b := append(newDOTGraph(g, opts).marshal(), '\n')
	_, err := w.Write(b)
	return err
}

func newDOTGraph(g *graph.Graph, opts DOTOptions) *dotGraph {
	d := &dotGraph{
		name:  "convene",
		nodes: make([]dotNode, g.Len()),
		lines: make([]dotLine, 0, len(g.Edges())),
		graph: graphAttrs(opts),
		node: attrList{
			{Key: "fontname", Value: quoteText(font)},
			{Key: "fontsize", Value: "11"},
		},
		edge: attrList{
			{Key: "fontname", Value: quoteText(font)},
			{Key: "fontsize", Value: "9"},
			{Key: "arrowsize", Value: "0.7"},
		},
	}
	for i, n := range g.Nodes() {
		d.nodes[i] = dotNode{dotID: quoteID(n.ID), attrs: nodeAttrs(n)}
	}
	for _, e := range g.Edges() { // by from, to and kind: the order written
		f, _ := g.Index(e.From)
		t, _ := g.Index(e.To)
		d.lines = append(d.lines, dotLine{from: f, to: t, attrs: edgeAttrs(e)})
	}
	d.clusters = clusters(g)
	return d
}

func graphAttrs(opts DOTOptions) attrList {
	a := attrList{
		{Key: "rankdir", Value: "LR"},
		// Graphviz's default ranking fails ("trouble in init_rank") on
		// real estates, where edges cross and nest location clusters;
		// the newer ranker handles them.
		{Key: "newrank", Value: "true"},
		{Key: "fontname", Value: quoteText(font)},
		{Key: "fontsize", Value: "12"},
	}
	switch {
	case opts.Legend:
		a = append(a, attrList{
			{Key: "label", Value: legend(opts.Title)},
			{Key: "labelloc", Value: "t"},
			{Key: "labeljust", Value: "l"},
		}...)
	case opts.Title != "":
		a = append(a, attrList{
			{Key: "label", Value: quoteText(opts.Title)},
			{Key: "labelloc", Value: "t"},
		}...)
	}
	return a
}
