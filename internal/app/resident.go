package app

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/store"
	"github.com/convene-dev/convene/internal/web"
)

// Resident keeps the estate's graph in memory for `convene serve` and
// answers the web API from it: it is the web.Backend. A new state replaces
// the old one with one atomic swap, so a request always sees one whole
// state, and plans never touch the store.
type Resident struct {
	app      *App
	storeURL string
	cfg      *config.Config
	cfgFile  string
	cur      atomic.Pointer[resident]
	// reload serializes loads, so that a slower one cannot put back an
	// older state after a newer one.
	reload sync.Mutex
	// st is the store, opened at first use and kept open: checking it
	// every few seconds must not cost a connection each time.
	stMu sync.Mutex
	st   store.Store
}

// resident is one state and what is worked out from it lazily, once.
type resident struct {
	web.State
	// seen is the newest snapshot ID in the store when the state was
	// loaded; a change of it means a scanner saved.
	seen     int64
	once     sync.Once
	findings *findings.Report
	// byNode indexes findings by the nodes they concern, so a plan finds
	// those touching it without reading them all.
	byNode  map[string][]int
	err     error
	planOwn planner.OwnerResolver
}

// NewResident returns a Resident over the store at storeURL, with the
// planner and findings settings of the configuration file.
func (a *App) NewResident(storeURL, configFile string) (*Resident, error) {
	cfg, err := config.Load(configFile)
	if err != nil {
		return nil, err
	}
	return &Resident{app: a, storeURL: storeURL, cfg: cfg, cfgFile: configFile}, nil
}

// Set makes g the resident state, labelled label and taken from snapshot
// (0 when it was not saved).
func (r *Resident) Set(g *graph.Graph, label string, snapshot int64) {
	st := &resident{State: web.State{Graph: g, Label: label, Snapshot: snapshot, Loaded: time.Now(),
		Owners: owners.Resolve(g, owners.Options{})}, seen: snapshot}
	st.planOwn = planner.OwnersFrom(st.Owners)
	r.cur.Store(st)
}

// State implements web.Backend.
func (r *Resident) State() *web.State {
	if st := r.cur.Load(); st != nil {
		return &st.State
	}
	return nil
}

// residentOf finds the resident state behind a web.State.
func (r *Resident) residentOf(s *web.State) *resident {
	if st := r.cur.Load(); st != nil && &st.State == s {
		return st
	}
	// An older state, still in use by a request that began before a
	// reload: work it out afresh.
	return &resident{State: *s, planOwn: planner.OwnersFrom(s.Owners)}
}

// Plan implements web.Backend: the planner over the resident graph, with
// the configuration's tiers and the findings touching the plan.
func (r *Resident) Plan(ctx context.Context, s *web.State, ch planner.Change) (*planner.Plan, []findings.Finding, error) {
	st := r.residentOf(s)
	p, err := planner.Make(s.Graph, ch, planner.Options{Runs: listRuns, Owners: st.planOwn, Now: r.app.now(), Tiers: tiers(r.cfg)})
	if err != nil {
		var amb *graph.AmbiguousError
		var nf *graph.NotFoundError
		if errors.As(err, &amb) || errors.As(err, &nf) {
			return nil, nil, err
		}
		return nil, nil, web.BadInput(err)
	}
	rep, err := r.findingsOf(ctx, st)
	if err != nil {
		return p, nil, nil
	}
	// What findings.Report.Touching answers, through the index: the open
	// findings on the targets and impacted nodes, in the report's order.
	seen := map[int]bool{}
	add := func(id string) {
		for _, i := range st.byNode[id] {
			seen[i] = true
		}
	}
	for _, n := range p.Targets {
		add(n.ID)
	}
	for _, im := range p.Impacted {
		add(im.Node.ID)
	}
	idx := slices.Sorted(maps.Keys(seen))
	var open []findings.Finding
	for _, i := range idx {
		if f := rep.Findings[i]; f.Suppressed == "" {
			open = append(open, f)
		}
	}
	return p, open, nil
}

// Findings implements web.Backend; the report is made once per state.
func (r *Resident) Findings(ctx context.Context, s *web.State) (*findings.Report, error) {
	return r.findingsOf(ctx, r.residentOf(s))
}

func (r *Resident) findingsOf(ctx context.Context, st *resident) (*findings.Report, error) {
	st.once.Do(func() {
		th, err := r.app.thresholds(r.cfgFile)
		if err != nil {
			st.err = err
			return
		}
		// Not the request's context: one cancelled request must not
		// spoil the report for the others.
		st.findings, st.err = r.app.runFindings(context.WithoutCancel(ctx), st.Graph, th)
		if st.err != nil {
			return
		}
		st.byNode = map[string][]int{}
		for i, f := range st.findings.Findings {
			for j, id := range f.Nodes {
				if !slices.Contains(f.Nodes[:j], id) {
					st.byNode[id] = append(st.byNode[id], i)
				}
			}
		}
	})
	return st.findings, st.err
}
