// Package link holds convene's cross-source match rules, run once every
// connector has written into the builder.
//
// Connectors know nothing of each other: a workflow names a role ARN, a
// Vault role names a bound service account, an owners file names globs over
// node IDs, but no connector sees the nodes another reported. A Rule reads
// the graph built from all of them, matches nodes by their IDs and
// documented attributes, and adds the edges that join sources. Two
// connectors that spell the same ID meet at one node without a rule.
//
// Every rule reads the same graph, the one built before linking, so rules
// do not depend on one another's edges and their order does not matter.
package link

import (
	"context"
	"fmt"

	"github.com/convene-dev/convene/graph"
)

// Rule is one cross-source match rule. Apply reads g and writes the edges it
// finds into b, the builder g was built from, with evidence naming the rule.
// A problem in the data (an attribute it cannot read) is a diagnostic on b;
// Apply returns an error only when it cannot run, as when ctx is done.
type Rule interface {
	Name() string
	Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error
}

// Run applies the rules in order to g, writing into b.
func Run(ctx context.Context, g *graph.Graph, b *graph.Builder, rules ...Rule) error {
	for _, r := range rules {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := r.Apply(ctx, g, b); err != nil {
			return fmt.Errorf("rule %s: %w", r.Name(), err)
		}
	}
	return nil
}

// Default returns every rule a scan runs, in the order it runs them: the
// owner rules first, then the identity links. Observed use is resolved
// after them, by ResolveObserved, because it needs the configuration's
// address map and matches against the linked graph.
func Default() []Rule {
	return []Rule{OwnerRules(), CodeOwners(), OwnerTags(), BackstageRepo(),
		OIDCTrust(), IRSA(), VaultAuth(), StaticKeyCopies(), AgentMCP(), GitHubVars(), GitHubEnvironments()}
}

// connector names a rule in evidence and diagnostics.
func connector(r Rule) string { return "link/" + r.Name() }
