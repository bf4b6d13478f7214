package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/report"
)

// PlanOptions are the inputs of `convene plan`.
type PlanOptions struct {
	// Action and Target come from the command line; ChangeFile instead
	// names a change file with several targets, a window and a ticket.
	Action, Target string
	ChangeFile     string
	Window         string
	Environment    string
	Graph          GraphSource
	Format         string
	MaxDepth       int
	// ConfigFile holds the findings thresholds the plan's findings use.
	ConfigFile string
	// FailOnTier, when set, is a risk tier: a plan at it or above exits 3
	// after it is written, so a pipeline can stop for a change board.
	FailOnTier string
	// Version is convene's version, printed in the HTML plan.
	Version string
}

// Plan writes the impact plan of a change.
func (a *App) Plan(ctx context.Context, opts PlanOptions) error {
	var ch *planner.Change
	switch {
	case opts.ChangeFile != "":
		if opts.Action != "" || opts.Target != "" {
			return Usagef("give ACTION TARGET or --change FILE, not both")
		}
		var err error
		if ch, err = planner.LoadChange(opts.ChangeFile); err != nil {
			return &UsageError{err}
		}
	case opts.Action == "" || opts.Target == "":
		return Usagef("name an action and a target (convene plan rotate secret/payments/db), or --change FILE")
	default:
		action, err := planner.ParseAction(opts.Action)
		if err != nil {
			return &UsageError{err}
		}
		ch = &planner.Change{Action: action, Targets: []string{opts.Target}}
	}
	if opts.Window != "" {
		w, err := planner.ParseWindow(opts.Window)
		if err != nil {
			return &UsageError{err}
		}
		ch.Window = &w
	}
	if opts.Environment != "" {
		ch.Environment = opts.Environment
	}
	if err := checkPlanFormat(opts.Format); err != nil {
		return err
	}
	failAt := slices.Index(planner.TierOrder, planner.Tier(opts.FailOnTier))
	if opts.FailOnTier != "" && failAt < 0 {
		return Usagef("--fail-on-tier %q: choose one of %v", opts.FailOnTier, planner.TierOrder)
	}
	cfg, err := config.Load(opts.ConfigFile)
	if err != nil {
		return err
	}
	g, from, err := opts.Graph.load(ctx)
	if err != nil {
		return err
	}
	// One resolver answers the planner and the findings: each node's
	// owners are resolved once, and only for the nodes the plan reaches.
	own := owners.NewResolver(g, owners.Options{})
	p, err := planner.Make(g, *ch, planner.Options{MaxDepth: opts.MaxDepth, Runs: listRuns, Owners: planner.OwnersFrom(own), Now: a.now(), Tiers: tiers(cfg)})
	if err != nil {
		return asUsage(err)
	}
	prov := report.Provenance{Version: opts.Version, Graph: from}
	if err := report.PlanWith(a.Stdout, opts.Format, p, g, a.touching(ctx, g, p, opts.ConfigFile, own), prov); err != nil {
		return err
	}
	if opts.FailOnTier != "" && slices.Index(planner.TierOrder, p.Risk.Tier) >= failAt {
		return &CheckFailedError{Reason: fmt.Sprintf("the change is %s risk (--fail-on-tier %s)", p.Risk.Tier, opts.FailOnTier)}
	}
	return nil
}

func checkPlanFormat(f string) error {
	for _, ok := range report.PlanFormats {
		if f == ok {
			return nil
		}
	}
	return Usagef("unknown format %q; choose one of: %v", f, report.PlanFormats)
}

// asUsage keeps graph's target errors as they are (they exit 2) and makes a
// target of the wrong kind a usage error too.
func asUsage(err error) error {
	switch err.(type) {
	case *graph.AmbiguousError, *graph.NotFoundError:
		return err
	}
	return &UsageError{err}
}

// ownerResolver gives the planner each node's effective owners, with the
// precedence, aliases and inheritance of internal/owners, through r.
// tiers reads the planner's risk settings from the configuration.
func tiers(cfg *config.Config) planner.Tiers {
	t := planner.Tiers{WideBlastRadius: cfg.Planner.WideBlastRadius, BroadImpact: cfg.Planner.BroadImpact, ReachableBy: cfg.Planner.ReachableBy}
	for tier, roles := range cfg.Planner.Invite {
		if t.Invite == nil {
			t.Invite = map[planner.Tier][]planner.Role{}
		}
		for _, r := range roles {
			t.Invite[planner.Tier(tier)] = append(t.Invite[planner.Tier(tier)], planner.Role(r))
		}
	}
	return t
}
