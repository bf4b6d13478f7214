package planner

import (
	"fmt"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/usage"
)

// observedClient is the node type of a consumer known only from an audit
// trail (docs/observed.md).
const observedClient = "observed-client"

// usageFacts says what the audit trails showed of n: when it was last used
// and from where, or, where a trail covers it and shows nothing, that it
// was configured but not used in the trail's window.
func usageFacts(g *graph.Graph, n graph.Node, now time.Time, cov usage.Coverage) []string {
	if u, ok := usage.Of(g, n.ID); ok {
		return []string{lastUsed(u, now)}
	}
	if n.Kind != graph.Credential && n.Kind != graph.Identity {
		return nil
	}
	if w, ok := cov.Covers(g, n); ok && configuredUse(g, n.ID) {
		return []string{fmt.Sprintf("configured but not used in the %d days the audit trail covers (%s to %s)",
			w.Days(), w.From.UTC().Format(time.DateOnly), w.To.UTC().Format(time.DateOnly))}
	}
	return nil
}

// impactUsage is what the trails showed of an impacted node: for a
// workload, its use of what the change touches (the first edge of its
// path), not of everything it uses; for the rest, usageFacts.
func impactUsage(g *graph.Graph, im Impact, now time.Time, cov usage.Coverage) []string {
	if im.Node.Kind != graph.Workload || len(im.Path) == 0 || im.Path[0].From != im.Node.ID {
		return usageFacts(g, im.Node, now, cov)
	}
	if u, ok := usage.OfEdge(im.Path[0]); ok {
		return []string{lastUsed(u, now)}
	}
	return nil
}

// lastUsed renders "last used 2 days ago from 203.0.113.77, Boto3 (audit
// trail, 6 uses)".
func lastUsed(u usage.Use, now time.Time) string {
	ago := "today"
	if d := int(now.Sub(u.LastSeen).Hours() / 24); d == 1 {
		ago = "1 day ago"
	} else if d > 1 {
		ago = fmt.Sprintf("%d days ago", d)
	}
	from := ""
	if len(u.Sources) > 0 {
		src := u.Sources
		if len(src) > 4 {
			src = append(src[:4:4], fmt.Sprintf("%d more", len(u.Sources)-4))
		}
		from = " from " + strings.Join(src, ", ")
	}
	uses := "uses"
	if u.Count == 1 {
		uses = "use"
	}
	return fmt.Sprintf("last used %s%s (audit trail, %d %s since %s)", ago, from, u.Count, uses, u.FirstSeen.UTC().Format(time.DateOnly))
}

// configuredUse reports whether something is configured to use id.
func configuredUse(g *graph.Graph, id string) bool {
	for e := range g.InSeq(id) {
		switch e.Kind {
		case graph.Reads, graph.Uses, graph.Assumes, graph.AuthenticatesAs, graph.RunsAs, graph.CopyOf, graph.KeyOf:
			return true
		}
	}
	return false
}

// targetNotes are the usage facts of the targets, for the plan's notes.
func targetNotes(g *graph.Graph, p *Plan, now time.Time, cov usage.Coverage) []string {
	var out []string
	for _, t := range p.Targets {
		for _, f := range usageFacts(g, t, now, cov) {
			out = append(out, t.ID+": "+f)
		}
	}
	return out
}

// unknownRunners are the impacted observed clients nobody owns: someone
// runs them from an address and the estate does not say who.
func unknownRunners(p *Plan) []Impact {
	var out []Impact
	for _, im := range p.Impacted {
		if im.Node.Type == observedClient && len(im.Owners) == 0 {
			out = append(out, im)
		}
	}
	return out
}

// whoRuns is the question an unknown observed client raises.
func whoRuns(n graph.Node) string {
	where := strings.Join(graph.DecodeList(n.Attrs[graph.AttrAddresses]), ", ")
	if where == "" {
		where = "an address the trail did not record"
	}
	what := n.Attrs[graph.AttrPrincipal]
	if what == "" {
		what = n.ID
	}
	if ua := n.Attrs[graph.AttrUserAgentFamily]; ua != "" {
		where += " (" + ua + ")"
	}
	return fmt.Sprintf("Who runs %s from %s?", strings.TrimPrefix(what, "observed-client:"), where)
}
