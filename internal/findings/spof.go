package findings

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/graph/flow"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/convene-dev/convene/graph"
)

// SinglePointMin is how many workloads a credential or identity must cut
// off at once to be named a single point of failure.
const SinglePointMin = 3

// spofRules is the rule about single points of failure.
func spofRules() []Rule {
	return []Rule{
		{ID: "NHI-SINGLE-POINT", Title: "Credential or identity that many workloads depend on alone", Severity: Medium,
			Description: "Several workloads reach something they use (a policy, a secret) only through one credential or identity: its loss or a rotation gone wrong cuts them all off from it at once, and its compromise hands all their access over. Found with dominator trees over the dependency graph (docs/planner.md, \"Single points of failure\").",
			Remediation: "Give the workloads their own identities or credentials, or a second path (a standby role, a dual-key rotation), and plan every change to it with convene plan.",
			Mapping:     Mapping{OWASP: []string{"NHI9", "NHI8"}, NIST: []string{"PR.AA-05", "PR.IR-03"}}, check: singlePoint},
	}
}

func singlePoint(c *checker) []Finding {
	var out []Finding
	sps := SinglePoints
	if c.scope != nil {
		// A single point the scope's findings name is reached from the
		// scope (it or a workload it dominates is there), and every sink
		// it competes for is reached from it: SinglePointsFrom gives it
		// as SinglePoints would.
		sps = func(g *graph.Graph, min int) []SinglePoint { return SinglePointsFrom(g, c.scope, min) }
	}
	for _, sp := range sps(c.g, SinglePointMin) {
		n := c.node(sp.ID)
		out = append(out, Finding{RuleID: "NHI-SINGLE-POINT", Severity: Medium,
			Message:  fmt.Sprintf("%d workloads reach %s only through %s %s", len(sp.Workloads), sp.Sink, n.Type, n.ID),
			Nodes:    append([]string{n.ID}, sp.Workloads...),
			Evidence: n.Evidence})
	}
	return out
}

// SinglePoint is a credential or identity through which several workloads
// reach something they use (Sink) and have no other way to it.
type SinglePoint struct {
	ID string
	// Sink is what the workloads reach: a policy, a stored secret, the
	// end of a chain.
	Sink      string
	Workloads []string
}

// dependsVia are the edges along which a workload needs what it reaches:
// the edges the planner's walk follows, and has_policy, so that the
// policies are where access ends.
func dependsVia(k graph.EdgeKind) bool {
	switch k {
	case graph.Assumes, graph.RunsAs, graph.Reads, graph.Uses, graph.AuthenticatesAs, graph.KeyOf, graph.CopyOf, graph.HasPolicy:
		return true
	}
	return false
}

// SinglePoints returns the credentials and identities through which at
// least min workloads reach one sink, most first, with the sink that
// gives the largest count. The construction: the dependency graph
// restricted to dependsVia edges, turned around (B -> A when A depends on
// B); for each sink S (a node that depends on nothing further: a policy, a
// stored secret), gonum's dominator tree (flow.Dominators, Lengauer–Tarjan)
// rooted at S. X dominates a workload W when every path from S to W passes
// through X: every chain of dependencies from W to S goes through X. The
// sink itself is not counted as its own single point.
func SinglePoints(g *graph.Graph, min int) []SinglePoint {
	var sinks []int
	for i := range g.Len() {
		if isSink(g, i) {
			sinks = append(sinks, i)
		}
	}
	return singlePoints(g, sinks, min)
}

// SinglePointsFrom is SinglePoints for the sinks the given nodes reach: what
// a plan that touches them needs, without the whole graph's sinks.
func SinglePointsFrom(g *graph.Graph, from []string, min int) []SinglePoint {
	seen := map[string]bool{}
	queue := append([]string{}, from...)
	var sinks []int
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if seen[id] {
			continue
		}
		seen[id] = true
		i, ok := g.Index(id)
		if !ok {
			continue
		}
		if isSink(g, i) {
			sinks = append(sinks, i)
		}
		for _, e := range g.Out(id) {
			if dependsVia(e.Kind) && !seen[e.To] {
				queue = append(queue, e.To)
			}
		}
	}
	slices.Sort(sinks)
	return singlePoints(g, sinks, min)
}

// isSink reports whether node i depends on nothing further but something
// depends on it.
func isSink(g *graph.Graph, i int) bool {
	id := g.At(i).ID
	for _, e := range g.Out(id) {
		if dependsVia(e.Kind) && e.To != id {
			return false
		}
	}
	for _, e := range g.In(id) {
		if dependsVia(e.Kind) && e.From != id {
			return true
		}
	}
	return false
}

func singlePoints(g *graph.Graph, sinks []int, min int) []SinglePoint {
	view := depView{g}
	best := map[int64]SinglePoint{}
	for _, s := range sinks {
		tree := flow.Dominators(simple.Node(s), view)
		// workloads counts the workloads each node dominates, bottom up.
		var count func(id int64) []string
		count = func(id int64) []string {
			var ws []string
			for _, d := range tree.DominatedBy(id) {
				sub := count(d.ID())
				if w := g.At(int(d.ID())); w.Kind == graph.Workload {
					sub = append(sub, w.ID)
				}
				x := g.At(int(d.ID()))
				if (x.Kind == graph.Credential || x.Kind == graph.Identity) && len(sub) >= min && len(sub) > len(best[d.ID()].Workloads) {
					ws := slices.Clone(sub)
					slices.Sort(ws)
					best[d.ID()] = SinglePoint{ID: x.ID, Sink: g.At(s).ID, Workloads: slices.Compact(ws)}
				}
				ws = append(ws, sub...)
			}
			return ws
		}
		count(int64(s))
	}
	res := make([]SinglePoint, 0, len(best))
	for _, sp := range best {
		res = append(res, sp)
	}
	slices.SortFunc(res, func(a, b SinglePoint) int {
		if len(a.Workloads) != len(b.Workloads) {
			return len(b.Workloads) - len(a.Workloads)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return res
}
