package app

import (
	"context"
	"slices"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/report"
)

// FindingsOptions are the inputs of `convene findings`.
type FindingsOptions struct {
	Graph  GraphSource
	Format string
	// Version is convene's, for SARIF.
	Version string
	// IncludeSuppressed lists suppressed findings too.
	IncludeSuppressed bool
}

// Findings runs the hygiene rules over the graph and writes the report.
// When the graph comes from the store, findings new since the previous
// snapshot are marked.
func (a *App) Findings(ctx context.Context, opts FindingsOptions) error {
	if !slices.Contains(report.FindingsFormats, opts.Format) {
		return Usagef("unknown format %q; choose one of: %v", opts.Format, report.FindingsFormats)
	}
	g, _, err := opts.Graph.load(ctx)
	if err != nil {
		return err
	}
	r, err := findings.Run(ctx, g, a.thresholds(), nil)
	if err != nil {
		return err
	}
	if prev := a.previousGraph(ctx, opts.Graph); prev != nil {
		if old, err := findings.Run(ctx, prev, a.thresholds(), nil); err == nil {
			r.MarkNew(old)
		}
	}
	if !opts.IncludeSuppressed {
		r.Findings = slices.DeleteFunc(r.Findings, func(f findings.Finding) bool { return f.Suppressed != "" && opts.Format != "sarif" })
	}
	return report.Findings(a.Stdout, opts.Format, r, opts.Version)
}

func (a *App) thresholds() findings.Thresholds { return findings.Thresholds{Now: a.now()} }

// previousGraph returns the state before the latest snapshot, when the graph
// was read from the store's latest state and there is one.
func (a *App) previousGraph(ctx context.Context, src GraphSource) *graph.Graph {
	if src.File != "" || (src.Snapshot != "" && src.Snapshot != "latest") {
		return nil
	}
	st, err := openStore(ctx, src.Store)
	if err != nil {
		return nil
	}
	defer st.Close()
	list, err := st.List(ctx, "")
	if err != nil || len(list) < 2 {
		return nil
	}
	state, err := st.StateAt(ctx, list[1].ID)
	if err != nil {
		return nil
	}
	return state.Graph
}

// touching returns the findings on a plan's targets and impacted nodes.
func (a *App) touching(ctx context.Context, g *graph.Graph, p *planner.Plan) []findings.Finding {
	r, err := findings.Run(ctx, g, a.thresholds(), nil)
	if err != nil {
		return nil
	}
	ids := map[string]bool{}
	for _, n := range p.Targets {
		ids[n.ID] = true
	}
	for _, im := range p.Impacted {
		ids[im.Node.ID] = true
	}
	return r.Touching(ids)
}
