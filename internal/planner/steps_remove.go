package planner

import (
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// remove drafts a revoke, disable or delete: move or retire each consumer
// first (what depends on a consumer moves before it), then the change, then
// clean up the copies and keys it leaves dead.
func (c *ctx) remove(targets []graph.Node) {
	a := c.p.Change.Action
	var ids []string
	for _, t := range targets {
		ids = append(ids, t.ID)
	}
	change := Step{Kind: StepChange, Nodes: ids, Owners: c.ownersOf(ids),
		Action: fmt.Sprintf("%s %s", capital(string(a)), joinIDs(ids)), Verify: changeVerify(a, targets)}
	var moves []string
	for i := range c.p.Impacted {
		im := &c.p.Impacted[i]
		if len(im.Path) == 0 || (im.Class != Breaks && im.Class != MayBreak) {
			continue
		}
		id, t := im.Node.ID, im.Path[len(im.Path)-1].To
		via := im.Path[0]
		owners, fallback := c.stepOwners(im, t)
		s := Step{Nodes: []string{id, t}, Owners: owners, OwnerFallback: fallback, Window: runWindow(im)}
		switch {
		case trustPrincipal(im.Node.Type):
			s.Kind = StepMove
			s.Action = fmt.Sprintf("Confirm with the owners of %s that nothing behind %s still needs %s", t, label(im.Node), via.To)
			s.Verify = Verify{Fact: FactNone, Node: id, Text: "cannot be verified from data: who stands behind a trust principal is not in the graph"}
			c.d.add("move:"+id, s)
			moves = append(moves, "move:"+id)
		case im.Node.Kind == graph.Credential && (via.Kind == graph.CopyOf || via.Kind == graph.KeyOf):
			s.Kind = StepCleanup
			s.Action = fmt.Sprintf("Delete %s: it holds a value of %s that no longer works", label(im.Node), t)
			s.Verify = Verify{Fact: FactAbsent, Node: id, Text: fmt.Sprintf("a later scan no longer shows %s", id)}
			c.d.add("cleanup:"+id, s, "change")
		case im.Node.Kind == graph.Workload || im.Depth == 1:
			s.Kind = StepMove
			if im.Class == MayBreak {
				s.Action = fmt.Sprintf("Confirm %s does not need what %s gives, or give it another way", label(im.Node), t)
				s.Verify = Verify{Fact: FactNone, Node: id, Text: "cannot be verified from data: which permissions a holder needs is not in the graph"}
			} else {
				s.Action = fmt.Sprintf("Move %s off %s%s%s; %s", label(im.Node), t, through(im), observedUse(via), alternative(c.g, im.Node, t))
				s.Verify = Verify{Fact: FactUnreferenced, Node: id, Target: t,
					Text: fmt.Sprintf("a later scan shows %s no longer depending on %s, or gone", id, t)}
				if im.Node.Type == "observed-client" {
					// Known only from an audit trail: no configuration to
					// change, so the proof is that its use stops.
					s.Verify = Verify{Fact: FactOldUnused, Node: id, Target: t,
						Text: fmt.Sprintf("a later audit trail shows no use of %s by %s after the window", t, id)}
				}
			}
			var after []string
			// What depends on this consumer moves first.
			for j := range c.p.Impacted {
				o := c.p.Impacted[j]
				for _, e := range o.Path[:max(len(o.Path)-1, 0)] {
					if e.To == id {
						after = append(after, "move:"+o.Node.ID)
					}
				}
			}
			c.d.add("move:"+id, s, after...)
			moves = append(moves, "move:"+id)
		}
	}
	c.d.add("change", change, moves...)
	// Cleanup of a copy waits for the moves of its consumers too.
	for _, dr := range c.d.list {
		if dr.step.Kind == StepCleanup {
			dr.after = append(dr.after, moves...)
		}
	}
}

// observedUse says when and from where an audit log saw an edge used, for
// consumers the configuration does not show (an unknown client).
func observedUse(e graph.Edge) string {
	for _, ev := range e.Evidence {
		if o := ev.Observed; o != nil {
			s := fmt.Sprintf(" (seen in %s: %d uses until %s", ev.Connector, o.Count, o.LastSeen.UTC().Format("2006-01-02 15:04 MST"))
			if len(o.Sources) > 0 {
				s += ", from " + strings.Join(o.Sources, ", ")
			}
			return s + ")"
		}
	}
	return ""
}

// through names the intermediate nodes of a consumer's path, if any.
func through(im *Impact) string {
	if len(im.Path) < 2 {
		return ""
	}
	var mid []string
	for _, e := range im.Path[:len(im.Path)-1] {
		mid = append(mid, e.To)
	}
	return " (it reaches it through " + strings.Join(mid, ", ") + ")"
}

// alternative says what a consumer must use instead, when the graph knows:
// another active key of the same identity.
func alternative(g *graph.Graph, consumer graph.Node, target string) string {
	if user := keyUser(g, target); user != "" {
		for _, k := range keysOf(g, user) {
			if n, _ := g.Node(k); k != target && n.Attrs[graph.AttrStatus] != "Inactive" {
				return "use " + k + " (another active key of " + user + ") instead"
			}
		}
	}
	return "the graph knows no replacement: the owner names one, or retires " + consumer.ID
}

func changeVerify(a Action, targets []graph.Node) Verify {
	ids := make([]string, len(targets))
	for i, t := range targets {
		ids[i] = t.ID
	}
	switch a {
	case Disable:
		return Verify{Fact: FactInactive, Node: ids[0], Text: fmt.Sprintf("a later scan shows %s inactive or gone", joinIDs(ids))}
	case Delete, Revoke:
		return Verify{Fact: FactAbsent, Node: ids[0], Text: fmt.Sprintf("a later scan no longer shows %s", joinIDs(ids))}
	}
	return Verify{Fact: FactNone, Text: "cannot be verified from data"}
}

// modify drafts a modification: the change, then a check per holder.
func (c *ctx) modify(targets []graph.Node) {
	var ids []string
	for _, t := range targets {
		ids = append(ids, t.ID)
	}
	c.d.add("change", Step{Kind: StepChange, Nodes: ids, Owners: c.p.TargetOwners,
		Action: "Modify " + joinIDs(ids),
		Verify: Verify{Fact: FactNone, Text: "cannot be verified from data: compare the policy document in a later scan with the one intended"}})
	for i := range c.p.Impacted {
		im := &c.p.Impacted[i]
		if im.Class != MayBreak || len(im.Path) == 0 || trustPrincipal(im.Node.Type) {
			continue
		}
		t := im.Path[len(im.Path)-1].To
		owners, fallback := c.stepOwners(im, t)
		c.d.add("check:"+im.Node.ID, Step{Kind: StepCheck, Nodes: []string{im.Node.ID, t}, Owners: owners, OwnerFallback: fallback,
			Window: runWindow(im),
			Action: fmt.Sprintf("Check that %s still does what it needs with the new access", label(im.Node)),
			Verify: Verify{Fact: FactNone, Node: im.Node.ID, Text: "cannot be verified from data: a scan records no access denials"}}, "change")
	}
}

// decommission drafts removing workloads, then each identity and
// credential they leave orphaned (a holder before what it holds).
func (c *ctx) decommission(targets []graph.Node) {
	var ids []string
	for _, t := range targets {
		ids = append(ids, t.ID)
	}
	c.d.add("change", Step{Kind: StepChange, Nodes: ids, Owners: c.p.TargetOwners,
		Action: "Stop and remove " + joinIDs(ids),
		Verify: Verify{Fact: FactAbsent, Node: ids[0], Text: fmt.Sprintf("a later scan no longer shows %s", joinIDs(ids))}})
	for i := range c.p.Impacted {
		im := &c.p.Impacted[i]
		if im.Class != Orphaned || len(im.Path) == 0 {
			continue
		}
		owners, fallback := c.stepOwners(im, im.Path[0].From)
		after := []string{"change"}
		if holder := im.Path[len(im.Path)-1].From; impactOf(c.p, holder) != nil {
			after = append(after, "cleanup:"+holder)
		}
		c.d.add("cleanup:"+im.Node.ID, Step{Kind: StepCleanup, Nodes: []string{im.Node.ID}, Owners: owners, OwnerFallback: fallback,
			Action: fmt.Sprintf("Delete %s: nothing uses it once %s is gone", label(im.Node), im.Path[0].From),
			Verify: Verify{Fact: FactAbsent, Node: im.Node.ID, Text: fmt.Sprintf("a later scan no longer shows %s", im.Node.ID)}}, after...)
	}
}

// ownersOf gathers the owners of the targets, each once.
func (c *ctx) ownersOf(ids []string) []Owner {
	var out []Owner
	seen := map[string]bool{}
	for _, id := range ids {
		for _, o := range c.targetOwners(id) {
			if !seen[o.ID] {
				seen[o.ID] = true
				out = append(out, o)
			}
		}
	}
	return out
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
