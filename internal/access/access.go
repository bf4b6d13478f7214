// Package access derives effective access: who can become an identity by a
// path the configuration allows without naming it. Its rules read the
// linked graph (IAM policy documents evaluated with iampolicy, Vault
// policies matched with Vault's own priority rules, CI trust links) and
// write `can_become` edges of basis `derived`, each with evidence whose
// note names the rule and the permission. The rule table, with sources, is
// docs/access.md.
//
// The rules run after internal/link, because several read its edges (an
// OIDC subject's `assumes` of a role, a service account's
// `authenticates_as` of a Vault role); they are analysis over the finished
// graph, not matches between sources.
package access

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Rule derives can_become edges from a graph.
type Rule interface {
	// Name is the rule's name, as docs/access.md and evidence give it.
	Name() string
	// Apply reads g and adds edges to b; it returns an error only when it
	// cannot run (ctx done).
	Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error
}

// Rules returns every escalation rule.
func Rules() []Rule {
	return []Rule{awsRules{}, vaultRules{}, k8sRules{}, ciRules{}}
}

// Derive applies every rule to g, writing into b (the builder g came from).
func Derive(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	for _, r := range Rules() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.Apply(ctx, g, b); err != nil {
			return fmt.Errorf("access rule %s: %w", r.Name(), err)
		}
	}
	return nil
}

// Connector is the prefix of the Connector field of derived evidence.
const Connector = "access"

// derived is one can_become edge about to be written.
type derived struct {
	from, to   string
	rule       string // e.g. aws-passrole
	permission string // e.g. iam:PassRole+lambda:CreateFunction
	note       string
	// at is the node whose evidence locates the deciding configuration;
	// policy, when set and known, the policy that allowed, which then
	// locates it instead.
	at          graph.Node
	policy      string
	conditional bool
}

func (d derived) edge(g *graph.Graph) graph.Edge {
	if p, ok := g.Node(d.policy); ok && d.policy != "" && len(p.Evidence) > 0 {
		d.at = p
	}
	attrs := map[string]string{"rule": d.rule, "permission": d.permission}
	if d.conditional {
		attrs["conditional"] = "true"
	}
	ev := graph.Evidence{Connector: Connector + "/" + d.rule, Basis: graph.Derived,
		Note: d.rule + ": " + d.permission + ": " + d.note}
	if len(d.at.Evidence) > 0 {
		ev.Source, ev.Line = d.at.Evidence[0].Source, d.at.Evidence[0].Line
	}
	return graph.Edge{From: d.from, To: d.to, Kind: graph.CanBecome, Attrs: attrs, Evidence: []graph.Evidence{ev}}
}

// Counts returns how many can_become edges of g each rule supports, by
// rule name (an edge several rules reach counts for each), for summaries
// and the corpus report.
func Counts(g *graph.Graph) map[string]int {
	out := map[string]int{}
	for _, e := range g.Edges() {
		if e.Kind != graph.CanBecome {
			continue
		}
		seen := map[string]bool{}
		for _, ev := range e.Evidence {
			if r, ok := strings.CutPrefix(ev.Connector, Connector+"/"); ok && !seen[r] {
				seen[r] = true
				out[r]++
			}
		}
	}
	return out
}

// SortedRules returns the keys of counts in order.
func SortedRules(counts map[string]int) []string {
	out := make([]string, 0, len(counts))
	for k := range counts {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
