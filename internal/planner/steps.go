package planner

import (
	"fmt"
	"slices"
	"strings"
	"time"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/convene-dev/convene/graph"
)

// StepKind says what a step does; convene verify reads it.
type StepKind string

// The step kinds.
const (
	// StepCreate makes the new version or second key of a rotated credential.
	StepCreate StepKind = "create"
	// StepUpdateCopy writes the new value into a static copy (or a
	// consumer's own copy).
	StepUpdateCopy StepKind = "update-copy"
	// StepRestart restarts a consumer that reads the credential at start.
	StepRestart StepKind = "restart"
	// StepWait waits for a scheduled run or a synced copy's refresh.
	StepWait StepKind = "wait"
	// StepConfirm checks that the old version is no longer used.
	StepConfirm StepKind = "confirm"
	// StepRetire deactivates or deletes the old version.
	StepRetire StepKind = "retire"
	// StepMove moves a consumer off what is about to lose access.
	StepMove StepKind = "move"
	// StepChange is the change itself (revoke, disable, delete, modify,
	// decommission).
	StepChange StepKind = "change"
	// StepCheck checks that a holder still works after a modification.
	StepCheck StepKind = "check"
	// StepCleanup removes what the change left without a use.
	StepCleanup StepKind = "cleanup"
)

// Step is one thing to do in the change, in order.
type Step struct {
	// Order is the step's position, from 1; After lists the orders of the
	// steps that must be done first.
	Order  int
	Kind   StepKind
	Action string
	// Nodes are the nodes the step works on, the first being the one it
	// is about.
	Nodes  []string
	Owners []Owner
	// OwnerFallback is set when the step's node has no owner and Owners
	// are those of the credential or identity being changed, who must
	// chase it.
	OwnerFallback bool
	After         []int
	// Window says when the step must happen (a scheduled run, a refresh
	// interval); empty when any time in the change window does.
	Window string
	Verify Verify
}

// Verify says which fact in a later scan proves a step done.
type Verify struct {
	// Fact is what convene verify checks (see the Fact constants); FactNone
	// when no data can prove the step.
	Fact Fact
	// Node is the node the fact is about; Target the credential or
	// identity changed (for FactUnreferenced and FactOldUnused).
	Node   string
	Target string
	// Attr is the attribute FactUpdated compares (empty: any of
	// updated_at, updated_time, last_changed).
	Attr string
	// Was is the value the fact is compared with, as the scan before the
	// change recorded it: a version number, the keys a user had.
	Was string
	// Text says in words what proves the step, or why nothing can.
	Text string
}

// Fact is a kind of proof convene verify knows how to check.
type Fact string

// The facts.
const (
	// FactNone: the step cannot be verified from data.
	FactNone Fact = "none"
	// FactUpdated: Node's update time (updated_at, updated_time,
	// last_changed) is after the window started, or its current_version
	// differs from Was.
	FactUpdated Fact = "updated"
	// FactNewKey: identity Node has a key not listed in Was.
	FactNewKey Fact = "new-key"
	// FactUnreferenced: Node no longer depends on Target (or is gone).
	FactUnreferenced Fact = "unreferenced"
	// FactInactive: Node is inactive or gone.
	FactInactive Fact = "inactive"
	// FactAbsent: Node is gone.
	FactAbsent Fact = "absent"
	// FactOldUnused: no observed use of Target after the window started
	// (by Node alone, when Node is a consumer rather than Target).
	FactOldUnused Fact = "old-unused"
)

// draft is a step before ordering: its prerequisites are other drafts'
// keys.
type draft struct {
	key   string
	step  Step
	after []string
}

type drafts struct {
	list  []*draft
	byKey map[string]*draft
}

func (d *drafts) add(key string, s Step, after ...string) *draft {
	if old, ok := d.byKey[key]; ok {
		old.after = append(old.after, after...)
		return old
	}
	dr := &draft{key: key, step: s, after: after}
	d.list = append(d.list, dr)
	d.byKey[key] = dr
	return dr
}

// steps turns a plan into an ordered runbook: from the impacted subgraph
// and the action, each thing to do, its owners, its prerequisites and how
// to verify it, sorted topologically so that nothing is cut off before it
// has moved.
func steps(g *graph.Graph, p *Plan, targets []graph.Node, owners OwnerResolver) []Step {
	c := &ctx{g: g, p: p, owners: owners, d: &drafts{byKey: map[string]*draft{}}}
	switch p.Change.Action {
	case Rotate:
		for _, t := range targets {
			c.rotate(t)
		}
	case Revoke, Disable, Delete:
		c.remove(targets)
	case Modify:
		c.modify(targets)
	case Decommission:
		c.decommission(targets)
	}
	return order(c.d)
}

// ctx carries what drafting the steps needs.
type ctx struct {
	g      *graph.Graph
	p      *Plan
	owners OwnerResolver
	d      *drafts
}

// order sorts the drafts topologically (gonum), keeping the order they
// were drafted in where the prerequisites leave a choice, and numbers them.
func order(d *drafts) []Step {
	dg := simple.NewDirectedGraph()
	for i := range d.list {
		dg.AddNode(simple.Node(i))
	}
	index := map[string]int64{}
	for i, dr := range d.list {
		index[dr.key] = int64(i)
	}
	for i, dr := range d.list {
		for _, k := range dr.after {
			j, ok := index[k]
			if !ok || j == int64(i) || dg.HasEdgeFromTo(j, int64(i)) {
				continue
			}
			dg.SetEdge(dg.NewEdge(simple.Node(j), simple.Node(i)))
		}
	}
	sorted, err := topo.SortStabilized(dg, func(ns []gg.Node) {
		slices.SortFunc(ns, func(a, b gg.Node) int { return int(a.ID() - b.ID()) })
	})
	if err != nil {
		// A cycle cannot arise from the drafts' rules; should one, keep
		// the drafted order rather than lose steps.
		sorted = nil
		for i := range d.list {
			sorted = append(sorted, simple.Node(i))
		}
	}
	pos := map[string]int{}
	out := make([]Step, 0, len(sorted))
	for i, n := range sorted {
		dr := d.list[n.ID()]
		pos[dr.key] = i + 1
		s := dr.step
		s.Order = i + 1
		out = append(out, s)
	}
	for i, n := range sorted {
		var after []int
		for _, k := range d.list[n.ID()].after {
			if o, ok := pos[k]; ok && o != out[i].Order {
				after = append(after, o)
			}
		}
		slices.Sort(after)
		out[i].After = slices.Compact(after)
	}
	return out
}

// stepOwners returns a node's owners, or — when it has none — those of the
// credential or identity being changed, marked as a fallback.
func (c *ctx) stepOwners(im *Impact, target string) ([]Owner, bool) {
	if im != nil && len(im.Owners) > 0 {
		return im.Owners, false
	}
	os := c.targetOwners(target)
	return os, len(os) > 0
}

// targetOwners returns the owners of one target, or of the identity a
// rotated key belongs to; none when neither is owned.
func (c *ctx) targetOwners(target string) []Owner {
	if os := c.owners(c.g, target); len(os) > 0 {
		return os
	}
	if u := keyUser(c.g, target); u != "" {
		return c.owners(c.g, u)
	}
	return nil
}

// impactOf finds a node's impact in the plan.
func impactOf(p *Plan, id string) *Impact {
	for i := range p.Impacted {
		if p.Impacted[i].Node.ID == id {
			return &p.Impacted[i]
		}
	}
	return nil
}

// runWindow says when a scheduled consumer runs relative to the window.
func runWindow(im *Impact) string {
	if im == nil {
		return ""
	}
	switch {
	case len(im.Runs) > 0:
		return "first run in the window: " + im.Runs[0].UTC().Format("2006-01-02 15:04 MST")
	case im.NextRun != nil:
		return "no run in the window; next run: " + im.NextRun.UTC().Format("2006-01-02 15:04 MST")
	}
	return ""
}

func windowStart(p *Plan) string {
	if p.Change.Window == nil {
		return "the change"
	}
	return p.Change.Window.Start.UTC().Format(time.RFC3339)
}

func label(n graph.Node) string {
	if n.Type == "" {
		return n.ID
	}
	return fmt.Sprintf("%s (%s)", n.ID, n.Type)
}

func joinIDs(ids []string) string { return strings.Join(ids, ", ") }
