package planner

import (
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
)

// couldActShown bounds how many of those who could act as a target a
// plan's note names (nearest first); the count is always given.
const couldActShown = 5

// couldAct adds to the plan who else could act as each target identity:
// the nodes that can become it by the chains of internal/access (assumes,
// keys, escalation edges...), as a note; and raises the tier by one when a
// target is reachable by tiers.ReachableBy nodes or more.
func couldAct(g *graph.Graph, p *Plan, tiers Tiers) {
	if tiers.ReachableBy <= 0 {
		tiers.ReachableBy = 10
	}
	for _, t := range p.Targets {
		if t.Kind != graph.Identity {
			continue
		}
		who := access.Who(g, t.ID)
		if len(who) == 0 {
			continue
		}
		var names []string
		for _, c := range who[:min(len(who), couldActShown)] {
			first := c.Steps[0]
			how := string(first.Kind)
			for _, e := range g.Out(first.From) {
				if e.To == first.To && e.Kind == first.Kind && e.Attrs[graph.AttrRule] != "" && e.Kind == graph.CanBecome {
					how = e.Attrs[graph.AttrRule]
				}
			}
			names = append(names, fmt.Sprintf("%s (%s, %d step(s))", c.Node, how, len(c.Steps)))
		}
		more := ""
		if len(who) > couldActShown {
			more = fmt.Sprintf(", and %d more", len(who)-couldActShown)
		}
		p.Notes = append(p.Notes, fmt.Sprintf("who else could act as %s: %d node(s): %s%s (convene access %s)",
			t.ID, len(who), strings.Join(names, "; "), more, t.ID))
		if len(who) >= tiers.ReachableBy {
			raiseOne(&p.Risk, fmt.Sprintf("%d node(s) could act as %s", len(who), t.ID))
		}
	}
}

// raiseOne raises a risk by one tier, with its reason.
func raiseOne(r *Risk, reason string) {
	r.Reasons = append(r.Reasons, reason)
	switch r.Tier {
	case Low:
		r.Tier = Medium
	case Medium:
		r.Tier = High
	}
}
