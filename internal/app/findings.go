package app

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/owners"
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
	// FailOn, when set, is a severity: an open, unsuppressed finding at it
	// or worse makes the command exit 3 after writing the report.
	FailOn string
	// Rules and ExcludeRules select rules by ID (globs such as NHI-OIDC-*).
	Rules, ExcludeRules []string
}

// Findings runs the hygiene rules over the graph and writes the report.
// When the graph comes from the store, findings new since the previous
// snapshot are marked.
func (a *App) Findings(ctx context.Context, opts FindingsOptions) error {
	if !slices.Contains(report.FindingsFormats, opts.Format) {
		return Usagef("unknown format %q; choose one of: %v", opts.Format, report.FindingsFormats)
	}
	if opts.FailOn != "" && !slices.Contains(findings.Severities, findings.Severity(opts.FailOn)) {
		return Usagef("--fail-on %q: choose one of %v", opts.FailOn, findings.Severities)
	}
	for _, pat := range append(slices.Clone(opts.Rules), opts.ExcludeRules...) {
		if _, err := path.Match(pat, ""); err != nil {
			return Usagef("rule pattern %q: %v", pat, err)
		}
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
	selectRules(r, opts.Rules, opts.ExcludeRules)
	if err := report.Findings(a.Stdout, opts.Format, r, opts.Version); err != nil {
		return err
	}
	if opts.FailOn != "" {
		if n := countAtOrAbove(r, findings.Severity(opts.FailOn)); n > 0 {
			return &CheckFailedError{Reason: fmt.Sprintf("%d open finding(s) at %s severity or worse", n, opts.FailOn)}
		}
	}
	return nil
}

// selectRules keeps the rules, and their findings, whose IDs match one of
// the include patterns (all when there are none) and none of the exclude
// patterns. Patterns are path.Match globs, compared without case.
func selectRules(r *findings.Report, include, exclude []string) {
	if len(include) == 0 && len(exclude) == 0 {
		return
	}
	matches := func(pats []string, id string) bool {
		for _, p := range pats {
			if ok, _ := path.Match(strings.ToUpper(p), strings.ToUpper(id)); ok {
				return true
			}
		}
		return false
	}
	keep := func(id string) bool {
		return (len(include) == 0 || matches(include, id)) && !matches(exclude, id)
	}
	r.Rules = slices.DeleteFunc(r.Rules, func(rule findings.Rule) bool { return !keep(rule.ID) })
	r.Findings = slices.DeleteFunc(r.Findings, func(f findings.Finding) bool { return !keep(f.RuleID) })
}

// countAtOrAbove counts open, unsuppressed findings at sev or worse.
func countAtOrAbove(r *findings.Report, sev findings.Severity) int {
	limit := slices.Index(findings.Severities, sev)
	n := 0
	for _, f := range r.Findings {
		if f.Suppressed == "" && slices.Index(findings.Severities, f.Severity) <= limit {
			n++
		}
	}
	return n
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
		UnusedAfter: time.Duration(f.UnusedAfterDays) * day, BreakGlassRecent: time.Duration(f.BreakGlassRecentDays) * day,
		NeverUsedGrace: time.Duration(f.NeverUsedGraceDays) * day, CertificateExpiry: time.Duration(f.CertificateExpiryDays) * day}, nil
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
func (a *App) touching(ctx context.Context, g *graph.Graph, p *planner.Plan, configFile string, own *owners.Resolver) []findings.Finding {
	th, err := a.thresholds(configFile)
	if err != nil {
		return nil
	}
	ids := make(map[string]bool, len(p.Targets)+len(p.Impacted))
	for _, n := range p.Targets {
		ids[n.ID] = true
	}
	for _, im := range p.Impacted {
		ids[im.Node.ID] = true
	}
	sup, errs := findings.SuppressionsFrom(g)
	for _, err := range errs {
		zerolog.Ctx(ctx).Warn().Err(err).Msg("suppression ignored")
	}
	// Only the findings on these nodes are reported: the per-node rules
	// check only the subjects that can give one (findings.RunTouching).
	r, err := findings.RunTouching(ctx, g, th, sup, ids, own)
	if err != nil {
		return nil
	}
	return slices.DeleteFunc(r.Findings, func(f findings.Finding) bool { return f.Suppressed != "" })
}
