package findings

import (
	"context"
	"slices"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// near says, for a rule whose subjects come from checker.nodes, which
// other nodes its findings name besides the subject: the subject's
// neighbours along out (edges leaving it) and along in (edges entering
// it), and with deep, along out edges at any depth. A scoped run then
// checks the subjects in the scope and those the scope's nodes are such
// neighbours of, and no others: a finding on any other subject names no
// node in the scope.
type near struct {
	out, in []graph.EdgeKind
	deep    bool
}

// scoped lists the rules a scoped run checks for part of the graph only.
// A rule not listed (escalation, single points, the edge rules and those
// whose findings reach further) runs over the whole graph, as in Run.
var scoped = map[string]near{
	"NHI-CI-STATIC-KEY":           {out: []graph.EdgeKind{graph.Uses}},
	"NHI-SCHEDULED-STATIC-CRED":   {out: []graph.EdgeKind{graph.Uses}},
	"NHI-KEY-OLD":                 {},
	"NHI-NO-ROTATION":             {},
	"NHI-UNOWNED":                 {},
	"NHI-UNUSED":                  {},
	"NHI-SHARED":                  {in: []graph.EdgeKind{graph.Reads, graph.Uses, graph.RunsAs, graph.Assumes}},
	"NHI-ADMIN":                   {out: []graph.EdgeKind{graph.HasPolicy}, deep: true},
	"NHI-BREAK-GLASS":             {},
	"NHI-HUMAN-USE":               {},
	"NHI-AGENT-UNTRUSTED-TRIGGER": {},
	"NHI-MCP-INLINE-TOKEN":        {},
	"NHI-MCP-PROD-DATA":           {},
	"NHI-HIDDEN-CONSUMER":         {out: []graph.EdgeKind{graph.Reads, graph.Uses, graph.Assumes}},
	"NHI-CONFIGURED-UNUSED":       {},
	"NHI-KEY-UNKNOWN-HOST":        {out: []graph.EdgeKind{graph.Uses}},
	"NHI-OIDC-WILDCARD-USED":      {out: []graph.EdgeKind{graph.Assumes}},
	"NHI-CERT-EXPIRY":             {},
	"NHI-CERT-MANUAL-RENEWAL":     {},
	"NHI-PKI-BROAD-ROLE":          {},
}

// RunTouching returns what Run's report would hold after Touching(ids):
// the findings that name any of the given nodes, worst first, with the
// same messages, evidence and suppressions. The rules listed in scoped
// check only the subjects that can give such a finding, so the cost
// follows the size of ids (a plan's targets and impacted nodes) rather
// than of the graph; the others run over the whole graph. own, when not
// nil, is the owner resolver to share with the caller (a plan has
// resolved the owners of the same nodes).
func RunTouching(ctx context.Context, g *graph.Graph, th Thresholds, sup []Suppression, ids map[string]bool, own *owners.Resolver) (*Report, error) {
	scope := make([]int32, 0, len(ids))
	for id := range ids {
		if i, ok := g.Index(id); ok {
			scope = append(scope, int32(i))
		}
	}
	slices.Sort(scope)
	return run(ctx, g, th, sup, scope, ids, own)
}

// candidates marks, by node index, the nodes a scoped rule checks: the
// scope and the nodes whose findings may name a node of the scope.
func (c *checker) candidates(scope []int32, nr near) []bool {
	in := make([]bool, c.g.Len())
	var queue []int32
	for _, i := range scope {
		if !in[i] {
			in[i] = true
			queue = append(queue, i)
		}
	}
	first := len(queue)
	has := func(kinds []graph.EdgeKind, k graph.EdgeKind) bool {
		for _, x := range kinds {
			if x == k {
				return true
			}
		}
		return false
	}
	// A subject S names T when T is S's out-neighbour along nr.out (so
	// S is an in-neighbour of T) or its in-neighbour along nr.in.
	for head := 0; head < len(queue); head++ {
		i := int(queue[head])
		from := head < first || nr.deep
		if len(nr.out) > 0 && from {
			for e := range c.g.InSeq(c.g.At(i).ID) {
				if has(nr.out, e.Kind) {
					if j, ok := c.g.Index(e.From); ok && !in[j] {
						in[j] = true
						if nr.deep {
							queue = append(queue, int32(j))
						}
					}
				}
			}
		}
		if len(nr.in) > 0 && head < first {
			for _, e := range c.g.Out(c.g.At(i).ID) {
				if has(nr.in, e.Kind) {
					if j, ok := c.g.Index(e.To); ok {
						in[j] = true
					}
				}
			}
		}
	}
	return in
}
