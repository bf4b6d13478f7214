package link

import (
	"context"
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// OwnerTags returns the rule "owner-hints" (it began with tags, hence the
// constructor's name). It turns every owner hint into an owned_by edge to
// an owner node, making the node when nothing defines it:
//
//   - a node's owner hint attribute (tag.owner, tag.team, ...; keys nil
//     means owners.DefaultTagKeys), which also covers Kubernetes labels and
//     annotations and Vault custom_metadata, draws an owned_by edge with
//     evidence "link/owner-tags";
//   - a cron job's MAILTO (attribute mailto) draws one with evidence
//     "link/mailto";
//   - a catalog entity's spec.owner whose Group or User is not in the scan
//     gets that entity as a referenced-only node, so the catalog's own edge
//     lands;
//   - an owner node CODEOWNERS made is marked referenced-only.
//
// A hint value goes to the owner it names through aliases (the owners
// file's teams and people first); one that names nobody goes to a
// referenced-only owner at owners.HintID(value), the ID the defining
// source would give it, so the owners file or the catalog added later
// upgrades that node instead of making a second one. A MAILTO local
// mailbox (root, a user name) that names nobody makes no owner.
// app.kubernetes.io/managed-by is never a hint: it names a tool.
func OwnerTags(keys ...string) Rule {
	if len(keys) == 0 {
		keys = owners.DefaultTagKeys
	}
	return ownerTags{keys: keys}
}

type ownerTags struct{ keys []string }

func (ownerTags) Name() string { return "owner-hints" }

// The evidence connectors of the edges the rule draws; internal/owners
// ranks them (a tag above the catalog, MAILTO with other sources).
const (
	tagsConnector   = "link/owner-tags"
	mailtoConnector = "link/mailto"
)

func (r ownerTags) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	h := newHints(g, connector(r))
	h.catalog(r.keys)
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
			v := n.Attrs[k]
			if v == "" {
				continue
			}
			id, ok := h.owner(v, k, n)
			if !ok {
				continue
			}
			b.AddEdge(graph.Edge{From: n.ID, To: id, Kind: graph.OwnedBy, Evidence: []graph.Evidence{
				hintEvidence(n, tagsConnector, fmt.Sprintf("%s=%s", k, v))}})
		}
		for _, v := range owners.MailTo(n.Attrs[owners.AttrMailTo]) {
			id, ok := h.owner(v, "MAILTO", n)
			if !ok {
				continue
			}
			b.AddEdge(graph.Edge{From: n.ID, To: id, Kind: graph.OwnedBy, Evidence: []graph.Evidence{
				hintEvidence(n, mailtoConnector, fmt.Sprintf("MAILTO=%s receives the job's output", v))}})
		}
	}
	h.codeowners()
	h.emit(b)
	return nil
}

// reporterOf names the connector that reports nodes of an ID's scheme
// with their tags, labels, annotations, custom_metadata, spec.owner or
// MAILTO: the node's evidence from it is where the hint was read, where
// evidence from a consumer (a workflow naming a Vault secret) is not.
func reporterOf(id string) string {
	for _, p := range [...]struct{ prefix, conn string }{
		{"arn:aws:", "aws"}, {"vault:", "vault"}, {"vault@", "vault"}, {"k8s:", "kubernetes"},
		{"backstage:", "backstage"}, {"host:", "cron"},
	} {
		if strings.HasPrefix(id, p.prefix) {
			return p.conn
		}
	}
	return ""
}

// hintEvidence is evidence at the source the hinting node's attributes
// were most likely read from: its first evidence from the connector that
// reports such nodes, and for an AWS resource from a file or call named
// after its service (the IAM export for a role's tags, not the ECS task
// definition that names the role), else its first evidence.
func hintEvidence(n graph.Node, conn, note string) graph.Evidence {
	ev := graph.Evidence{Connector: conn, Basis: graph.Declared, Note: note}
	rep := reporterOf(n.ID)
	service := ""
	if rest, ok := strings.CutPrefix(n.ID, "arn:aws:"); ok {
		service, _, _ = strings.Cut(rest, ":")
	}
	best := -1
	for _, e := range n.Evidence {
		score := 0
		if e.Connector == rep {
			score += 2
		}
		if service != "" && strings.Contains(strings.ToLower(e.Source), service) {
			score++
		}
		if score > best {
			best, ev.Source, ev.Line = score, e.Source, e.Line
		}
	}
	return ev
}

// WithOwnerTagKeys returns rules with its owner-hints rule reading the
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
