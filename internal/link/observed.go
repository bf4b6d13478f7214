package link

import (
	"context"
	"maps"
	"net/netip"
	"slices"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// The observation carriers the audit-trail connectors (vault-audit,
// cloudtrail) write, and their attributes: docs/observed.md.
const (
	carrierType    = graph.TypeObservedUse
	attrKind       = "observed.kind"
	attrObject     = "observed.object"
	attrObjectType = "observed.object_type"
	attrSubject    = "observed.subject"
	attrClient     = "observed.client"
)

// ObservedClientType is the node type of a consumer known only from an
// audit trail.
const ObservedClientType = graph.TypeObservedClient

// ResolveObserved turns the observed uses in g into the graph's answer to
// "who really uses this": each use that matches a configured dependency
// adds its observed evidence to that edge; each that matches none becomes
// an observed-client workload with an edge of basis observed. The carriers
// are left out of the returned graph. g must be the graph after the other
// link rules, since uses are matched against the edges they make (OIDC
// trust, Vault auth bindings). A graph with no carriers is returned as it
// is. docs/observed.md lists the matching rules.
func ResolveObserved(ctx context.Context, g *graph.Graph, obs config.Observed) (*graph.Graph, error) {
	var uses []graph.Node
	for _, n := range g.Nodes() {
		if n.Type == carrierType {
			uses = append(uses, n)
		}
	}
	if len(uses) == 0 {
		return g, nil
	}
	b := graph.NewBuilder()
	for _, n := range g.Nodes() {
		if n.Type != carrierType {
			n.Attrs, n.Evidence = maps.Clone(n.Attrs), slices.Clone(n.Evidence)
			b.AddNode(n)
		}
	}
	for _, e := range g.Edges() {
		e.Attrs, e.Evidence = maps.Clone(e.Attrs), slices.Clone(e.Evidence)
		b.AddEdge(e)
	}
	for _, d := range g.Diagnostics() {
		b.Diagnose(d)
	}
	m := newObsMatcher(g, obs)
	for _, u := range uses {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m.resolve(u, b)
	}
	return b.Build(), nil
}

// observedUse is a carrier read back.
type observedUse struct {
	node                                graph.Node
	kind                                graph.EdgeKind
	object, objectType, subject, client string
}

func readUse(n graph.Node) observedUse {
	return observedUse{node: n, kind: graph.EdgeKind(n.Attrs[attrKind]), object: n.Attrs[attrObject],
		objectType: n.Attrs[attrObjectType], subject: n.Attrs[attrSubject], client: n.Attrs[attrClient]}
}

// evidence is the use's observed evidence, with a note saying how it was
// matched.
func (u observedUse) evidence(note string) []graph.Evidence {
	out := slices.Clone(u.node.Evidence)
	for i := range out {
		out[i].Note = note
	}
	return out
}

// sources are the distinct addresses and clients of every observation of
// the use.
func (u observedUse) sources() []string {
	var out []string
	for _, ev := range u.node.Evidence {
		if ev.Observed != nil {
			out = append(out, ev.Observed.Sources...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// addresses are the sources that are IP addresses.
func (u observedUse) addresses() []string {
	var out []string
	for _, s := range u.sources() {
		if _, err := netip.ParseAddr(s); err == nil {
			out = append(out, s)
		}
	}
	return out
}
