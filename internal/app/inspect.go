package app

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"

	"github.com/convene-dev/convene/connectors"
	"github.com/convene-dev/convene/internal/config"
	"github.com/convene-dev/convene/internal/export"
	"github.com/convene-dev/convene/internal/owners"
)

// ExportOptions are the inputs of `convene export`.
type ExportOptions struct {
	Format string
	Graph  GraphSource
	Focus  []string
	Depth  int
	// ThroughHubs lets the focus walk go on through owners and locations.
	ThroughHubs bool
	// Kinds, EdgeKinds and Exclude are the kind filters as typed.
	Kinds, EdgeKinds, Exclude []string
	Title                     string
	Legend                    bool
	// Out is the folder a multi-file format (neo4j) writes into, or the
	// file another format writes; empty means standard output.
	Out string
}

// Export writes the graph in the chosen format to Stdout, or to Out.
func (a *App) Export(ctx context.Context, opts ExportOptions) error {
	if !slices.Contains(export.Formats(), opts.Format) {
		return Usagef("unknown format %q; choose one of: %v", opts.Format, export.Formats())
	}
	if opts.Depth < 0 {
		return Usagef("--depth must be 0 or more")
	}
	if export.MultiFile(opts.Format) && (opts.Out == "" || opts.Out == "-") {
		return Usagef("--format %s writes several files: give the folder to write them in with --out DIR", opts.Format)
	}
	eo := export.Options{Focus: opts.Focus, Depth: opts.Depth, ThroughHubs: opts.ThroughHubs,
		DOT: export.DOTOptions{Title: opts.Title, Legend: opts.Legend}}
	var err error
	if eo.Filter.Kinds, err = export.ParseNodeKinds(opts.Kinds); err != nil {
		return Usagef("--kinds: %v", err)
	}
	if eo.Filter.Exclude, err = export.ParseNodeKinds(opts.Exclude); err != nil {
		return Usagef("--exclude: %v", err)
	}
	if eo.Filter.EdgeKinds, err = export.ParseEdgeKinds(opts.EdgeKinds); err != nil {
		return Usagef("--edge-kinds: %v", err)
	}
	if opts.Out == "-" {
		opts.Out = ""
	}
	var out *atomicFile
	if opts.Out != "" && !export.MultiFile(opts.Format) {
		// Checked before the graph is read, as scan --out is.
		if out, err = createAtomic(opts.Out); err != nil {
			return &UsageError{err}
		}
		defer out.Abort()
	}
	g, _, err := opts.Graph.load(ctx)
	if err != nil {
		return err
	}
	switch {
	case export.MultiFile(opts.Format):
		if err := os.MkdirAll(opts.Out, 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return export.WriteFiles(dirFiles(opts.Out), opts.Format, g, eo)
	case out != nil:
		if err := export.Write(out, opts.Format, g, eo); err != nil {
			return err
		}
		return out.Commit()
	}
	return export.Write(a.Stdout, opts.Format, g, eo)
}

// dirFiles creates export files in a folder, each written whole or not at
// all.
type dirFiles string

func (d dirFiles) Create(name string) (io.WriteCloser, error) {
	f, err := createAtomic(filepath.Join(string(d), name))
	if err != nil {
		return nil, err
	}
	return committer{f}, nil
}

// committer makes an atomic file's Close its Commit.
type committer struct{ *atomicFile }

func (c committer) Close() error { return c.Commit() }

// Show prints one node: its attributes, schedule, evidence, and the edges
// into and out of it with their evidence.
func (a *App) Show(ctx context.Context, src GraphSource, ref string) error {
	g, _, err := src.load(ctx)
	if err != nil {
		return err
	}
	n, err := g.Resolve(ref)
	if err != nil {
		return err
	}
	w := a.Stdout
	fmt.Fprintf(w, "%s\n  kind: %s\n  type: %s\n", n.ID, n.Kind, n.Type)
	if n.Name != "" {
		fmt.Fprintf(w, "  name: %s\n", n.Name)
	}
	if s := n.Schedule; s != nil {
		tz := s.TimeZone
		if tz == "" {
			tz = "default time zone"
		}
		fmt.Fprintf(w, "  schedule: %s (%s, %s)\n", s.Expr, s.Dialect, tz)
	}
	if len(n.Attrs) > 0 {
		fmt.Fprintln(w, "  attributes:")
		for _, k := range slices.Sorted(maps.Keys(n.Attrs)) {
			fmt.Fprintf(w, "    %s: %s\n", k, n.Attrs[k])
		}
	}
	fmt.Fprintln(w, "  evidence:")
	for _, ev := range n.Evidence {
		fmt.Fprintf(w, "    %s\n", ev)
	}
	owners.WriteOwners(w, g, n.ID)
	section := func(title string, edges int, lines []string) {
		fmt.Fprintf(w, "%s (%d):\n", title, edges)
		for _, l := range lines {
			fmt.Fprintln(w, l)
		}
	}
	var out, in []string
	for _, e := range g.Out(n.ID) {
		out = append(out, fmt.Sprintf("  -%s-> %s", e.Kind, e.To))
		for _, ev := range e.Evidence {
			out = append(out, "      "+ev.String())
		}
	}
	for _, e := range g.In(n.ID) {
		in = append(in, fmt.Sprintf("  %s -%s->", e.From, e.Kind))
		for _, ev := range e.Evidence {
			in = append(in, "      "+ev.String())
		}
	}
	section("depends on", len(g.Out(n.ID)), out)
	section("depended on by", len(g.In(n.ID)), in)
	return nil
}

// ListConnectors prints every connector, what it reads and what it needs.
func (a *App) ListConnectors() error {
	cfg := config.Default()
	reg, err := connectors.NewRegistry(connectors.All(cfg)...)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tREADS\tNEEDS")
	for _, c := range reg.Connectors() {
		reads, needs := c.About()
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Name(), reads, needs)
	}
	return tw.Flush()
}
