package planner

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/internal/usage"
)

// Plan is the planner's answer to a change.
type Plan struct {
	Change  Change
	Targets []graph.Node
	// Impacted holds every node the change affects, worst class first,
	// then by distance and ID.
	Impacted []Impact
	// TargetOwners are the owners of the targets themselves.
	TargetOwners []Owner
	Risk         Risk
	Invite       []Invitee
	// Unowned lists the impacted nodes (and targets) nobody owns.
	Unowned []string
	// MaxDepth is the walk's bound; Truncated says it was reached, so more
	// may be affected than listed.
	MaxDepth  int
	Truncated bool
	// Notes are facts about the change as a whole.
	Notes []string
	// Steps are the change's runbook, in an order that moves every
	// consumer before what it uses is cut off (steps.go).
	Steps []Step
	// Made is when the plan was made: Options.Now.
	Made time.Time
}

// Impact is one node a change affects.
type Impact struct {
	Node  graph.Node
	Class Class
	// Depth is the number of edges between the node and a target.
	Depth int
	// Path holds the edges that explain the impact, in the graph's
	// direction (each From depends on its To), with their evidence.
	Path   []graph.Edge
	Owners []Owner
	// Runs are the node's scheduled runs inside the change window, and
	// NextRun the first one after it; both empty without a window or a
	// schedule.
	Runs    []time.Time
	NextRun *time.Time
	// Facts change the advice: no rotation configured, never used, several
	// copies, a schedule that could not be read.
	Facts []string
	// Because names the assumption the class rests on ("Vault Agent
	// re-renders the file, but nothing tells the application to re-read
	// it"); empty where the class needs none.
	Because string
}

// Owner is an owner of a node and where that came from.
type Owner struct {
	ID   string
	Name string
	// Via says how the owner was found: "direct (<source>)", or "inherited
	// through <edge kind> <ID> (<source>)" (see OwnersFrom).
	Via      string
	Evidence []graph.Evidence
	// ReferencedOnly is set when only hints name the owner (a tag, a
	// catalog reference, CODEOWNERS, MAILTO): it is in no owners file, so
	// no contact is known.
	ReferencedOnly bool
}

// RunLister lists a schedule's runs between from and to (at most max), the
// first run after to, and notes on how sure the times are (a random or
// hashed minute, an assumed time zone). The planner is given one so that it
// does not depend on how schedules are parsed.
type RunLister func(s graph.Schedule, from, to time.Time, max int) (runs []time.Time, next *time.Time, notes []string, err error)

// OwnerResolver returns a node's owners with provenance.
type OwnerResolver func(g *graph.Graph, id string) []Owner

// Tiers tune how risk is graded and whom each tier brings in. The zero
// value takes the defaults of docs/planner.md.
type Tiers struct {
	// WideBlastRadius is how many affected nodes make a change high risk
	// (default 25); BroadImpact how many make it medium (default 5).
	WideBlastRadius, BroadImpact int
	// ReachableBy is how many nodes able to act as a target identity raise
	// the tier by one (default 10).
	ReachableBy int
	// Invite lists, per tier, the functional roles invited on top of the
	// application owners (who are always invited). A tier not listed uses
	// the default rules.
	Invite map[Tier][]Role
}

// Options tune Make.
type Options struct {
	Tiers    Tiers
	MaxDepth int
	Runs     RunLister
	Owners   OwnerResolver
	// Now is the time used for ages ("last used 400 days ago").
	Now time.Time
}

// Make plans a change on g. Targets are resolved with g.Resolve: an unknown
// or ambiguous target returns graph's *NotFoundError or *AmbiguousError.
func Make(g *graph.Graph, ch Change, opts Options) (*Plan, error) {
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = DefaultMaxDepth
	}
	if opts.Owners == nil {
		opts.Owners = OwnersFrom(owners.NewResolver(g, owners.Options{}))
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	p := &Plan{Change: ch, MaxDepth: opts.MaxDepth, Made: opts.Now}
	for _, ref := range ch.Targets {
		n, err := g.Resolve(ref)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(p.Targets, func(t graph.Node) bool { return t.ID == n.ID }) {
			p.Targets = append(p.Targets, n)
		}
	}
	if err := checkAction(ch.Action, p.Targets); err != nil {
		return nil, err
	}
	targets := expandTargets(g, ch.Action, p.Targets, p)
	p.Notes = append(p.Notes, certNotes(ch, p.Targets, opts.Now)...)
	var reached map[string]reach
	if ch.Action == Decommission {
		reached, p.Truncated = decommission(g, targets, opts.MaxDepth)
	} else {
		reached, p.Truncated = walk(g, ch.Action, targets, opts.MaxDepth)
	}
	cov := usage.Covered(g)
	for id, r := range reached {
		n, _ := g.Node(id)
		im := Impact{Node: n, Class: r.class, Depth: r.depth, Path: r.path, Owners: opts.Owners(g, id)}
		im.Facts = append(facts(g, n, opts.Now), impactUsage(g, im, opts.Now, cov)...)
		im.Because = because(ch.Action, im)
		if ch.Window != nil && n.Schedule != nil && opts.Runs != nil {
			runs, next, notes, err := opts.Runs(*n.Schedule, ch.Window.Start, ch.Window.End(), 20)
			if err != nil {
				im.Facts = append(im.Facts, fmt.Sprintf("schedule %q could not be read: %v", n.Schedule.Expr, err))
			}
			im.Runs, im.NextRun = runs, next
			im.Facts = append(im.Facts, notes...)
		}
		if len(im.Owners) == 0 {
			p.Unowned = append(p.Unowned, id)
		}
		p.Impacted = append(p.Impacted, im)
	}
	slices.SortFunc(p.Impacted, func(a, b Impact) int {
		if a.Class != b.Class {
			return slices.Index(Classes, a.Class) - slices.Index(Classes, b.Class)
		}
		if a.Depth != b.Depth {
			return a.Depth - b.Depth
		}
		return strings.Compare(a.Node.ID, b.Node.ID)
	})
	for _, t := range p.Targets {
		owners := opts.Owners(g, t.ID)
		for _, o := range owners { // one team owning two targets is listed once
			if !slices.ContainsFunc(p.TargetOwners, func(x Owner) bool { return x.ID == o.ID }) {
				p.TargetOwners = append(p.TargetOwners, o)
			}
		}
		if len(owners) == 0 {
			p.Unowned = append(p.Unowned, t.ID)
		}
	}
	slices.Sort(p.Unowned)
	p.Unowned = slices.Compact(p.Unowned)
	p.Notes = append(p.Notes, targetNotes(g, p, opts.Now, cov)...)
	singlePointFacts(g, p)
	if p.Truncated {
		p.Notes = append(p.Notes, fmt.Sprintf("the walk stopped at depth %d: more may be affected than listed", opts.MaxDepth))
	}
	if opts.Tiers.WideBlastRadius <= 0 {
		opts.Tiers.WideBlastRadius = 25
	}
	if opts.Tiers.BroadImpact <= 0 {
		opts.Tiers.BroadImpact = 5
	}
	p.Risk = assessRisk(g, p, opts.Tiers)
	couldAct(g, p, opts.Tiers)
	p.Invite = invite(g, p, opts.Tiers)
	p.Steps = steps(g, p, targets, opts.Owners)
	return p, nil
}

// checkAction refuses changes that make no sense for the targets' kinds.
func checkAction(a Action, targets []graph.Node) error {
	for _, t := range targets {
		switch {
		case a == Decommission && t.Kind != graph.Workload:
			return fmt.Errorf("decommission applies to workloads; %s is a %s", t.ID, t.Kind)
		case a == Rotate && t.Kind != graph.Credential && t.Kind != graph.Identity:
			return fmt.Errorf("rotate applies to credentials (or an identity's keys); %s is a %s", t.ID, t.Kind)
		case a == Modify && t.Kind != graph.Policy && t.Kind != graph.Identity:
			return fmt.Errorf("modify applies to policies and trust (identities); %s is a %s", t.ID, t.Kind)
		case (a == Revoke || a == Disable || a == Delete) && t.Kind != graph.Identity && t.Kind != graph.Credential && t.Kind != graph.Policy:
			return fmt.Errorf("%s applies to identities, credentials and policies; %s is a %s", a, t.ID, t.Kind)
		}
	}
	return nil
}

// expandTargets turns the change's targets into the nodes the walk starts
// from: rotating an identity rotates its keys; revoking a policy is
// modifying every holder's access.
func expandTargets(g *graph.Graph, a Action, targets []graph.Node, p *Plan) []graph.Node {
	var out []graph.Node
	for _, t := range targets {
		switch {
		case a == Rotate && t.Kind == graph.Identity:
			keys := 0
			for _, e := range g.In(t.ID) {
				if e.Kind == graph.KeyOf {
					k, _ := g.Node(e.From)
					out = append(out, k)
					keys++
				}
			}
			p.Notes = append(p.Notes, fmt.Sprintf("rotating %s rotates its %d key(s)", t.ID, keys))
		default:
			out = append(out, t)
		}
		if a == Rotate && t.Type == graph.TypeVaultDynamicRole {
			p.Notes = append(p.Notes, fmt.Sprintf("%s issues dynamic credentials: rotating its root leaves issued leases valid until they expire", t.ID))
		}
	}
	return out
}
