package link

import (
	"context"
	"fmt"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// OwnerTags returns the rule "owner-tags": a node whose owner hint
// attribute (tag.owner, tag.team, ...; keys nil means
// owners.DefaultTagKeys) names a known owner — a team id, an e-mail, a
// handle or an alias — gets an owned_by edge to that owner. A hint no
// owner answers to makes no edge; owners.Resolve lists it as unresolved.
// app.kubernetes.io/managed-by is not a hint: it names a tool.
func OwnerTags(keys ...string) Rule {
	if len(keys) == 0 {
		keys = owners.DefaultTagKeys
	}
	return ownerTags{keys: keys}
}

type ownerTags struct{ keys []string }

func (ownerTags) Name() string { return "owner-tags" }

func (r ownerTags) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	name := connector(r)
	var aliases *owners.Aliases
	for i, n := range g.Nodes() {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if n.Kind == graph.Owner {
			continue
		}
		for _, k := range r.keys {
			v, ok := n.Attrs[k]
			if !ok || v == "" {
				continue
			}
			if aliases == nil {
				aliases = owners.NewAliases(g)
			}
			id, found := aliases.Lookup(v)
			if !found {
				continue
			}
			ev := graph.Evidence{Connector: name, Basis: graph.Declared, Note: fmt.Sprintf("%s=%s", k, v)}
			if len(n.Evidence) > 0 {
				ev.Source, ev.Line = n.Evidence[0].Source, n.Evidence[0].Line
			}
			b.AddEdge(graph.Edge{From: n.ID, To: id, Kind: graph.OwnedBy, Evidence: []graph.Evidence{ev}})
		}
	}
	return nil
}

// WithOwnerTagKeys returns rules with its owner-tags rule reading the
// given attributes instead (config ownership.tag_keys); no keys leaves
// rules as they are. It lets a scan use link.Default() and the
// configuration together.
func WithOwnerTagKeys(rules []Rule, keys []string) []Rule {
	if len(keys) == 0 {
		return rules
	}
	out := make([]Rule, len(rules))
	for i, r := range rules {
		if _, ok := r.(ownerTags); ok {
			r = OwnerTags(keys...)
		}
		out[i] = r
	}
	return out
}
