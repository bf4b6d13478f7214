package app

import (
	"context"
	"fmt"
	"maps"
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
}

// Export writes the graph in the chosen format to Stdout.
func (a *App) Export(ctx context.Context, opts ExportOptions) error {
	if !slices.Contains(export.Formats(), opts.Format) {
		return Usagef("unknown format %q; choose one of: %v", opts.Format, export.Formats())
	}
	if opts.Depth < 0 {
		return Usagef("--depth must be 0 or more")
	}
	g, _, err := opts.Graph.load(ctx)
	if err != nil {
		return err
	}
	return export.Write(a.Stdout, opts.Format, g, export.Options{Focus: opts.Focus, Depth: opts.Depth})
}

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
