package verify

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// updateAttrs are the attributes connectors set for when a credential's
// value last changed (the planner's UpdateAttrs).
var updateAttrs = []string{"updated_at", "updated_time", "last_changed"}

// maxDepth bounds the search for a consumer's remaining dependency.
const maxDepth = 12

// Check verifies every step of p against g, a scan taken after the change;
// label names the scan in the report.
func Check(g *graph.Graph, p *PlanDoc, label string) *Report {
	start, end := p.window()
	c := checker{g: g, start: start, end: end}
	r := &Report{Plan: p, Graph: label}
	for _, s := range p.Steps {
		status, ev := c.check(s.Verify)
		r.Results = append(r.Results, Result{Step: s, Status: status, Evidence: ev})
	}
	return r
}

type checker struct {
	g          *graph.Graph
	start, end time.Time
}

func (c checker) check(v Spec) (Status, []string) {
	n, ok := c.g.Node(v.Node)
	switch v.Fact {
	case "updated":
		if !ok {
			return Unknown, []string{v.Node + " is not in the scan"}
		}
		return c.updated(n, v)
	case "new-key":
		if !ok {
			return Unknown, []string{v.Node + " is not in the scan"}
		}
		was := strings.Split(v.Was, ",")
		for _, e := range c.g.In(n.ID) {
			if e.Kind == graph.KeyOf && !slices.Contains(was, e.From) {
				k, _ := c.g.Node(e.From)
				return Done, []string{fmt.Sprintf("new key %s (created %s)", k.ID, orNone(k.Attrs[graph.AttrCreated]))}
			}
		}
		return NotDone, []string{fmt.Sprintf("%s has no key besides %s", n.ID, v.Was)}
	case "inactive":
		if !ok {
			return Done, []string{v.Node + " is gone"}
		}
		if st := n.Attrs[graph.AttrStatus]; strings.EqualFold(st, "inactive") {
			return Done, []string{v.Node + " is inactive"}
		}
		return NotDone, []string{fmt.Sprintf("%s is still present, status %s", v.Node, orNone(n.Attrs[graph.AttrStatus]))}
	case "absent":
		if !ok {
			return Done, []string{v.Node + " is gone"}
		}
		return NotDone, []string{v.Node + " is still present" + evidenceOf(n.Evidence)}
	case "unreferenced":
		if !ok {
			return Done, []string{v.Node + " is gone"}
		}
		if path := c.pathTo(v.Node, v.Target); path != nil {
			return NotDone, []string{"still configured to use the old credential: " + pathString(path)}
		}
		return Done, []string{fmt.Sprintf("%s no longer depends on %s", v.Node, v.Target)}
	case "old-unused":
		by := ""
		if v.Node != v.Target {
			by = v.Node
		}
		return c.oldUnused(v.Target, by)
	}
	return Unknown, []string{v.Text}
}

// updated: the node's update time falls after the window started, or the
// compared attribute moved on from what the plan recorded.
func (c checker) updated(n graph.Node, v Spec) (Status, []string) {
	if v.Attr != "" && !slices.Contains(updateAttrs, v.Attr) {
		now := n.Attrs[v.Attr]
		if now == "" {
			return Unknown, []string{fmt.Sprintf("%s records no %s", n.ID, v.Attr)}
		}
		if now != v.Was {
			return Done, []string{fmt.Sprintf("%s %s → %s", v.Attr, v.Was, now)}
		}
		return NotDone, []string{fmt.Sprintf("%s is still %s", v.Attr, now)}
	}
	for _, a := range updateAttrs {
		val := n.Attrs[a]
		if val == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, val)
		switch {
		case err == nil && !c.start.IsZero() && !t.Before(c.start):
			return Done, []string{fmt.Sprintf("%s %s, after the window started", a, val)}
		case err == nil && !c.start.IsZero():
			return NotDone, []string{fmt.Sprintf("%s %s, before the window started (%s)", a, val, c.start.Format(time.RFC3339))}
		case a == v.Attr && v.Was != "" && val != v.Was:
			return Done, []string{fmt.Sprintf("%s %s → %s", a, v.Was, val)}
		case a == v.Attr && v.Was != "":
			return NotDone, []string{fmt.Sprintf("%s is still %s", a, val)}
		}
	}
	return Unknown, []string{fmt.Sprintf("the scan records no update time for %s (%s)", n.ID, strings.Join(updateAttrs, ", "))}
}

// oldUnused reads the observed use of the old credential: any use seen
// after the window (after it started, when it has no end) means something
// still holds the old value.
func (c checker) oldUnused(target, by string) (Status, []string) {
	if _, ok := c.g.Node(target); !ok {
		return Done, []string{target + " is gone"}
	}
	cut := c.end
	if cut.IsZero() {
		cut = c.start
	}
	var late, seen []string
	for _, e := range c.g.In(target) {
		if by != "" && e.From != by {
			continue
		}
		for _, ev := range e.Evidence {
			o := ev.Observed
			if o == nil {
				continue
			}
			line := fmt.Sprintf("%s used %s until %s (%d times", e.From, target, o.LastSeen.UTC().Format(time.RFC3339), o.Count)
			if len(o.Sources) > 0 {
				line += ", from " + strings.Join(o.Sources, ", ")
			}
			line += "; " + ev.Connector + ")"
			seen = append(seen, line)
			if !cut.IsZero() && o.LastSeen.After(cut) {
				late = append(late, line)
			}
		}
	}
	switch {
	case len(seen) == 0:
		return Unknown, []string{"no audit data in the scan shows who uses " + target}
	case cut.IsZero():
		return Unknown, append([]string{"the plan has no window to compare observed use with"}, seen...)
	case len(late) > 0:
		return NotDone, append([]string{"the old credential was used after " + cut.Format(time.RFC3339) + ":"}, late...)
	}
	return Done, append([]string{"no observed use after " + cut.Format(time.RFC3339)}, seen...)
}

// holds are the edges along which a consumer still needs what it depends
// on (the planner's decommission edges).
func holds(k graph.EdgeKind) bool {
	switch k {
	case graph.Assumes, graph.RunsAs, graph.Reads, graph.Uses, graph.AuthenticatesAs, graph.KeyOf, graph.CopyOf:
		return true
	}
	return false
}

// pathTo returns the shortest chain of holds edges from one node to
// another, or nil.
func (c checker) pathTo(from, to string) []graph.Edge {
	type item struct {
		id   string
		path []graph.Edge
	}
	seen := map[string]bool{from: true}
	queue := []item{{id: from}}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if len(cur.path) >= maxDepth {
			continue
		}
		for _, e := range c.g.Out(cur.id) {
			if !holds(e.Kind) || seen[e.To] {
				continue
			}
			path := append(append([]graph.Edge{}, cur.path...), e)
			if e.To == to {
				return path
			}
			seen[e.To] = true
			queue = append(queue, item{e.To, path})
		}
	}
	return nil
}

func pathString(path []graph.Edge) string {
	var sb strings.Builder
	sb.WriteString(path[0].From)
	for _, e := range path {
		fmt.Fprintf(&sb, " -%s-> %s", e.Kind, e.To)
	}
	if ev := path[0].Evidence; len(ev) > 0 {
		sb.WriteString(" (" + ev[0].String() + ")")
	}
	return sb.String()
}

func evidenceOf(evs []graph.Evidence) string {
	if len(evs) == 0 {
		return ""
	}
	return " (" + evs[0].String() + ")"
}

func orNone(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}
