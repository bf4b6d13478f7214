// Package export writes a graph in formats for people and other tools:
// Graphviz DOT for review and the convene graph JSON for machines. Exporters
// translate a finished graph and never change it. docs/export.md describes
// the formats.
package export

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Options says which part of the graph to export and how.
type Options struct {
	// Focus, when set, limits the export to the neighbourhood of these
	// nodes. Each is a full ID, a unique ID suffix or a node's name, as
	// graph.Resolve reads them.
	Focus []string
	// Depth is how many edges, followed either way, the neighbourhood
	// reaches from the focus nodes: 0 keeps the focus nodes alone and a
	// negative depth has no limit. It is ignored without Focus.
	Depth int
	// DOT tunes the dot format.
	DOT DOTOptions
}

// ErrUnknownFormat is wrapped by the error Write returns for a format it
// does not know, so a command can treat it as a usage error.
var ErrUnknownFormat = errors.New("unknown export format")

// format is one exporter. The list below is the one registry of formats.
type format struct {
	name  string
	write func(w io.Writer, g *graph.Graph, opts Options) error
}

var formats = []format{
	{"dot", func(w io.Writer, g *graph.Graph, opts Options) error { return DOT(w, g, opts.DOT) }},
	{"json", func(w io.Writer, g *graph.Graph, _ Options) error { return JSON(w, g) }},
}

// Formats returns the names of the export formats, in a fixed order.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// Write exports g, or the neighbourhood of opts.Focus in it, to w in the
// named format (in any case). An unknown format is an error wrapping
// ErrUnknownFormat that lists the valid ones; a focus reference that names no
// node, or several, is an error wrapping graph.Resolve's *graph.NotFoundError
// or *graph.AmbiguousError.
func Write(w io.Writer, name string, g *graph.Graph, opts Options) error {
	var f *format
	for i := range formats {
		if strings.EqualFold(formats[i].name, name) {
			f = &formats[i]
		}
	}
	if f == nil {
		return fmt.Errorf("%w %q; valid formats: %s", ErrUnknownFormat, name, strings.Join(Formats(), ", "))
	}
	if len(opts.Focus) > 0 {
		var err error
		if g, err = neighbourhood(g, opts.Focus, opts.Depth); err != nil {
			return err
		}
	}
	return f.write(w, g, opts)
}

// neighbourhood resolves the focus references and returns the subgraph
// within depth edges of them.
func neighbourhood(g *graph.Graph, focus []string, depth int) (*graph.Graph, error) {
	ids := make([]string, len(focus))
	for i, ref := range focus {
		n, err := g.Resolve(ref)
		if err != nil {
			return nil, fmt.Errorf("export focus: %w", err)
		}
		ids[i] = n.ID
	}
	return g.Neighbourhood(ids, depth), nil
}
