package findings

import (
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// checker holds what the rules share: the graph, thresholds and lookups.
type checker struct {
	g      *graph.Graph
	th     Thresholds
	owners *owners.Resolver
}

func (c *checker) nodes(pred func(graph.Node) bool) []graph.Node {
	var out []graph.Node
	for _, n := range c.g.Nodes() {
		if pred(n) {
			out = append(out, n)
		}
	}
	return out
}

func (c *checker) in(id string, kinds ...graph.EdgeKind) []graph.Edge {
	var out []graph.Edge
	for _, e := range c.g.In(id) {
		for _, k := range kinds {
			if e.Kind == k {
				out = append(out, e)
			}
		}
	}
	return out
}

func (c *checker) out(id string, kinds ...graph.EdgeKind) []graph.Edge {
	var out []graph.Edge
	for _, e := range c.g.Out(id) {
		for _, k := range kinds {
			if e.Kind == k {
				out = append(out, e)
			}
		}
	}
	return out
}

// owned reports whether a node has an owner, its own or inherited, as
// internal/owners resolves it (the same answer the planner and show give).
func (c *checker) owned(id string) bool {
	no := c.owners.Of(id)
	return no != nil && len(no.Owners) > 0
}

func (c *checker) node(id string) graph.Node {
	n, _ := c.g.Node(id)
	return n
}

// age returns how long ago an RFC 3339 (or date) attribute was, and whether
// it held a time.
func (c *checker) age(attr string) (time.Duration, bool) {
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, attr); err == nil {
			return c.th.Now.Sub(t), true
		}
	}
	return 0, false
}

func days(d time.Duration) int { return int(d.Hours() / 24) }

// isNonHuman reports whether an identity is a machine identity: roles,
// service accounts, auth roles, service users.
func isNonHuman(n graph.Node) bool {
	if n.Kind != graph.Identity {
		return false
	}
	switch n.Type {
	case "aws-role", "k8s-service-account", "vault-auth-role", "ci-oidc-subject", "aws-service", "aws-profile":
		return true
	case "aws-user":
		return true // IAM users used by machines are the common case; humans belong in SSO
	}
	return false
}

func isCIWorkload(n graph.Node) bool {
	return n.Kind == graph.Workload && (n.Type == "ci-job" || n.Type == "ci-workflow" || (n.Type == "ai-agent" && n.Attrs["workflow"] != ""))
}

func isScheduled(n graph.Node) bool {
	return n.Kind == graph.Workload && (n.Schedule != nil || n.Type == "cron-job" || n.Type == "systemd-service" || n.Type == "systemd-timer")
}

// evidence gathers the evidence of edges, then of nodes, without repeats.
func evidence(edges []graph.Edge, nodes ...graph.Node) []graph.Evidence {
	var out []graph.Evidence
	seen := map[graph.Evidence]bool{}
	add := func(evs []graph.Evidence) {
		for _, ev := range evs {
			if !seen[ev] {
				seen[ev] = true
				out = append(out, ev)
			}
		}
	}
	for _, e := range edges {
		add(e.Evidence)
	}
	for _, n := range nodes {
		add(n.Evidence)
	}
	return out
}
