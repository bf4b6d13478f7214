// Package usage answers, over a finished graph, what audit trails showed:
// when a node was last used and from where, and whether a trail covers it
// at all — so that "not seen" is only said where a trail could have seen
// it. The planner and the findings rules share it; it reads the observed
// evidence link/observed leaves on edges (docs/observed.md).
package usage

import (
	"slices"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// Use aggregates the observations of one node.
type Use struct {
	FirstSeen, LastSeen time.Time
	Count               int64
	Sources             []string
}

// useKinds are the edges whose observations are uses of their target.
var useKinds = []graph.EdgeKind{graph.Reads, graph.Uses, graph.Assumes, graph.AuthenticatesAs}

// Of returns the observed use of id as a credential or identity (the
// observations on the edges into it) or, for a workload, as a consumer
// (those on the edges out of it).
func Of(g *graph.Graph, id string) (Use, bool) {
	var u Use
	// One observation matched to several consumers (a login shared by the
	// jobs of one auth role) lies on each of their edges: count it once.
	type obsKey struct {
		conn, src   string
		line        int
		first, last time.Time
		count       int64
	}
	seen := map[obsKey]bool{}
	add := func(e graph.Edge) {
		if !slices.Contains(useKinds, e.Kind) {
			return
		}
		for _, ev := range e.Evidence {
			o := ev.Observed
			if o == nil {
				continue
			}
			k := obsKey{ev.Connector, ev.Source, ev.Line, o.FirstSeen, o.LastSeen, o.Count}
			if seen[k] {
				continue
			}
			seen[k] = true
			if u.Count == 0 || o.FirstSeen.Before(u.FirstSeen) {
				u.FirstSeen = o.FirstSeen
			}
			if o.LastSeen.After(u.LastSeen) {
				u.LastSeen = o.LastSeen
			}
			u.Count += o.Count
			u.Sources = append(u.Sources, o.Sources...)
		}
	}
	n, _ := g.Node(id)
	for e := range g.InSeq(id) {
		add(e)
		if e.Kind == graph.KeyOf && n.Kind == graph.Identity {
			// A user is used when its keys are.
			for k := range g.InSeq(e.From) {
				add(k)
			}
		}
	}
	if n.Kind == graph.Workload {
		// What the workload itself fetched or assumed; a login is
		// shared by every consumer of an auth role, so it says little
		// of this one.
		for _, e := range g.Out(id) {
			if e.Kind != graph.AuthenticatesAs {
				add(e)
			}
		}
	}
	slices.Sort(u.Sources)
	u.Sources = slices.Compact(u.Sources)
	return u, u.Count > 0
}

// OfEdge returns the observed use on one edge.
func OfEdge(e graph.Edge) (Use, bool) {
	var u Use
	for _, ev := range e.Evidence {
		o := ev.Observed
		if o == nil {
			continue
		}
		if u.Count == 0 || o.FirstSeen.Before(u.FirstSeen) {
			u.FirstSeen = o.FirstSeen
		}
		if o.LastSeen.After(u.LastSeen) {
			u.LastSeen = o.LastSeen
		}
		u.Count += o.Count
		u.Sources = append(u.Sources, o.Sources...)
	}
	slices.Sort(u.Sources)
	u.Sources = slices.Compact(u.Sources)
	return u, u.Count > 0
}

// Coverage says which nodes the audit trails read could have seen used,
// and over which window.
type Coverage struct {
	// vault is the window of the Vault audit logs; zero when none.
	vault Window
	// accounts maps an AWS account to the window of its CloudTrail files.
	accounts map[string]Window
}

// Window is the span of time a trail covers.
type Window struct{ From, To time.Time }

// Days is the window's length in whole days, at least 1.
func (w Window) Days() int { return max(1, int(w.To.Sub(w.From).Hours()/24)) }

func (w *Window) add(o *graph.Observation) {
	if w.From.IsZero() || o.FirstSeen.Before(w.From) {
		w.From = o.FirstSeen
	}
	if o.LastSeen.After(w.To) {
		w.To = o.LastSeen
	}
}

// Covered finds the trails in g: the Vault audit logs cover the default
// Vault cluster; CloudTrail covers the accounts whose roles, keys, secrets
// or parameters it showed used.
func Covered(g *graph.Graph) Coverage {
	c := Coverage{accounts: map[string]Window{}}
	for _, e := range g.Edges() {
		for _, ev := range e.Evidence {
			if ev.Observed == nil {
				continue
			}
			switch ev.Connector {
			case "vault-audit":
				c.vault.add(ev.Observed)
			case "cloudtrail":
				if acct := Account(g, e.To); acct != "" {
					w := c.accounts[acct]
					w.add(ev.Observed)
					c.accounts[acct] = w
				}
			}
		}
	}
	return c
}

// MinWindow is the shortest trail that can say a credential is not used:
// a few days of logs miss monthly jobs.
const MinWindow = 30 * 24 * time.Hour

// Covers reports whether a trail at least MinWindow long could have seen n
// used, and the window.
func (c Coverage) Covers(g *graph.Graph, n graph.Node) (Window, bool) {
	var w Window
	switch {
	case strings.HasPrefix(n.ID, "vault:"):
		w = c.vault
	case Account(g, n.ID) != "":
		w = c.accounts[Account(g, n.ID)]
	}
	return w, !w.To.IsZero() && w.To.Sub(w.From) >= MinWindow
}

// Account returns the AWS account of an ARN, or of the user an access key
// belongs to.
func Account(g *graph.Graph, id string) string {
	if strings.HasPrefix(id, "aws-access-key:") {
		for _, e := range g.Out(id) {
			if e.Kind == graph.KeyOf {
				return Account(g, e.To)
			}
		}
		return ""
	}
	parts := strings.SplitN(id, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" {
		return parts[4]
	}
	return ""
}
