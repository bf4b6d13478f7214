package app

import (
	"context"
	"slices"
	"time"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
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
	// ConfigFile holds the rules' thresholds; empty means the defaults.
	ConfigFile string
}

// Findings runs the hygiene rules over the graph and writes the report.
// When the graph comes from the store, findings new since the previous
// snapshot are marked.
func (a *App) Findings(ctx context.Context, opts FindingsOptions) error {
	if !slices.Contains(report.FindingsFormats, opts.Format) {
		return Usagef("unknown format %q; choose one of: %v", opts.Format, report.FindingsFormats)
	}
	th, err := a.thresholds(opts.ConfigFile)
	if err != nil {
		return err
	}
	g, _, err := opts.Graph.load(ctx)
	if err != nil {
		return err
	}
	r, err := a.runFindings(ctx, g, th)
	if err != nil {
		return err
	}
	if prev := a.previousGraph(ctx, opts.Graph); prev != nil {
		if old, err := a.runFindings(ctx, prev, th); err == nil {
			r.MarkNew(old)
		}
	}
	r.HideSuppressed = !opts.IncludeSuppressed
	return report.Findings(a.Stdout, opts.Format, r, opts.Version)
}

// thresholds reads the findings thresholds from the configuration.
func (a *App) thresholds(configFile string) (findings.Thresholds, error) {
	cfg, err := config.Load(configFile)
	if err != nil {
		return findings.Thresholds{}, err
	}
	day := 24 * time.Hour
	f := cfg.Findings
	return findings.Thresholds{Now: a.now(), AccessKeyMaxAge: time.Duration(f.AccessKeyMaxAgeDays) * day,
		UnusedAfter: time.Duration(f.UnusedAfterDays) * day, BreakGlassRecent: time.Duration(f.BreakGlassRecentDays) * day}, nil
}

// runFindings runs the rules with the owners file's suppressions; a
// suppression that cannot be read is logged and the rest apply.
func (a *App) runFindings(ctx context.Context, g *graph.Graph, th findings.Thresholds) (*findings.Report, error) {
	sup, errs := findings.SuppressionsFrom(g)
	for _, err := range errs {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("suppression ignored")
	}
	return findings.Run(ctx, g, th, sup)
}

// previousGraph returns the state before the latest snapshot, when the graph
// was read from the store's latest state and there is one.
func (a *App) previousGraph(ctx context.Context, src GraphSource) *graph.Graph {
	if src.File != "" || (src.Snapshot != "" && src.Snapshot != "latest") {
		return nil
	}
	st, err := openStoreReadOnly(ctx, src.Store)
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
func (a *App) touching(ctx context.Context, g *graph.Graph, p *planner.Plan, configFile string) []findings.Finding {
	th, err := a.thresholds(configFile)
	if err != nil {
		return nil
	}
	r, err := a.runFindings(ctx, g, th)
	if err != nil {
		return nil
	}
	r.Findings = slices.DeleteFunc(r.Findings, func(f findings.Finding) bool { return f.Suppressed != "" })
	ids := map[string]bool{}
	for _, n := range p.Targets {
		ids[n.ID] = true
	}
	for _, im := range p.Impacted {
		ids[im.Node.ID] = true
	}
	return r.Touching(ids)
}
