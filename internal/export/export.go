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
	// ThroughHubs lets a focus walk go on through owner and location
	// nodes; without it the walk reaches them but stops there, so the
	// neighbourhood of a job is not everything its team owns.
	ThroughHubs bool
	// Filter narrows the export by node and edge kind.
	Filter Filter
	// DOT tunes the dot format; Title and Legend also serve the other
	// picture formats.
	DOT DOTOptions
}

// Files is where a format that writes several files (neo4j) creates them.
// Close finishes a file; a file that also has Abort() is aborted instead
// when writing it failed, so a half-written file never lands.
type Files interface {
	Create(name string) (io.WriteCloser, error)
}

// ErrNeedsFiles is wrapped by the error Write returns for a format that
// writes several files, which WriteFiles takes instead.
var ErrNeedsFiles = errors.New("format writes several files")

// ErrUnknownFormat is wrapped by the error Write returns for a format it
// does not know, so a command can treat it as a usage error.
var ErrUnknownFormat = errors.New("unknown export format")

// format is one exporter: it writes one stream, or several files. The list
// below is the one registry of formats.
type format struct {
	name       string
	write      func(w io.Writer, g *graph.Graph, opts Options) error
	writeFiles func(fs Files, g *graph.Graph, opts Options) error
}

var formats = []format{
	{name: "dot", write: func(w io.Writer, g *graph.Graph, opts Options) error { return DOT(w, g, opts.DOT) }},
	{name: "json", write: func(w io.Writer, g *graph.Graph, _ Options) error { return JSON(w, g) }},
	{name: "graphml", write: func(w io.Writer, g *graph.Graph, _ Options) error { return GraphML(w, g) }},
	{name: "cytoscape", write: func(w io.Writer, g *graph.Graph, _ Options) error { return Cytoscape(w, g) }},
	{name: "opengraph", write: func(w io.Writer, g *graph.Graph, _ Options) error { return OpenGraph(w, g) }},
	{name: "mermaid", write: func(w io.Writer, g *graph.Graph, opts Options) error { return Mermaid(w, g, opts.DOT.Title) }},
	{name: "neo4j", writeFiles: Neo4j},
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
	f, err := lookup(name)
	if err != nil {
		return err
	}
	if f.write == nil {
		return fmt.Errorf("%w: %s writes a folder of files; give a folder to write them in", ErrNeedsFiles, f.name)
	}
	if g, err = narrow(g, opts); err != nil {
		return err
	}
	return f.write(w, g, opts)
}

// WriteFiles exports g like Write, creating the files of the named format
// in fs. A format that writes one stream writes it to a single file named
// "graph.<format>".
func WriteFiles(fs Files, name string, g *graph.Graph, opts Options) error {
	f, err := lookup(name)
	if err != nil {
		return err
	}
	if g, err = narrow(g, opts); err != nil {
		return err
	}
	if f.writeFiles != nil {
		return f.writeFiles(fs, g, opts)
	}
	return writeFile(fs, "graph."+f.name, func(w io.Writer) error { return f.write(w, g, opts) })
}

// MultiFile reports whether the named format writes several files.
func MultiFile(name string) bool {
	f, err := lookup(name)
	return err == nil && f.writeFiles != nil
}

func lookup(name string) (*format, error) {
	for i := range formats {
		if strings.EqualFold(formats[i].name, name) {
			return &formats[i], nil
		}
	}
	return nil, fmt.Errorf("%w %q; valid formats: %s", ErrUnknownFormat, name, strings.Join(Formats(), ", "))
}

// narrow applies the focus and the filter.
func narrow(g *graph.Graph, opts Options) (*graph.Graph, error) {
	if len(opts.Focus) == 0 && opts.Filter.empty() {
		return g, nil
	}
	ids := make([]string, len(opts.Focus))
	for i, ref := range opts.Focus {
		n, err := g.Resolve(ref)
		if err != nil {
			return nil, fmt.Errorf("export focus: %w", err)
		}
		ids[i] = n.ID
	}
	return subgraph(g, selectNodes(g, opts.Filter, ids, opts.Depth, opts.ThroughHubs), opts.Filter), nil
}

func writeFile(fs Files, name string, write func(io.Writer) error) error {
	f, err := fs.Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		if a, ok := f.(interface{ Abort() }); ok {
			a.Abort()
		} else {
			f.Close()
		}
		return err
	}
	return f.Close()
}
