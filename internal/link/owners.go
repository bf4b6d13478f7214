package link

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners/pathmatch"
)

// attrOwnerRules is the attribute of an owner node that holds the rules
// making it an owner of other nodes: a JSON list of ownerRule. The owners
// file connector writes it (docs/owners-file.md).
const attrOwnerRules = graph.AttrOwnerRules

// TagAttrPrefix starts the attribute names under which connectors store a
// node's cloud tags and labels: a tag "team" is the attribute "tag.team".
const TagAttrPrefix = "tag."

// ownerRule is one entry of attrOwnerRules. A node is selected when its ID
// matches one of IDs (or IDs is empty), its kind and type equal Kind and
// Type when they are set, and its attribute "tag.<TagKey>" equals TagValue
// when TagKey is set.
type ownerRule struct {
	IDs      []string `json:"ids,omitempty"`
	Kind     string   `json:"kind,omitempty"`
	Type     string   `json:"type,omitempty"`
	TagKey   string   `json:"tag_key,omitempty"`
	TagValue string   `json:"tag_value,omitempty"`
	File     string   `json:"file"`
	Line     int      `json:"line"`
}

// OwnerRules returns the rule "owner-rules". It applies the rules recorded on
// owner nodes: every node (other than an owner) a rule selects gets an
// owned_by edge to the owner, with the rule's file and line as evidence.
//
// Rules add owners and never take one away: a node selected by several
// rules, of one owner or of several, gets an edge to each owner, and owners
// given by other sources (tags, CODEOWNERS, a catalog) stand beside them.
// No rule overrides another, whatever their order.
func OwnerRules() Rule { return ownerRules{} }

type ownerRules struct{}

func (ownerRules) Name() string { return "owner-rules" }

func (r ownerRules) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	name := connector(r)
	m := &matcher{}
	for _, n := range g.Nodes() {
		raw, ok := n.Attrs[attrOwnerRules]
		if !ok || n.Kind != graph.Owner {
			continue
		}
		var rules []ownerRule
		if err := json.Unmarshal([]byte(raw), &rules); err != nil {
			b.Diagnose(diagnostic(name, n, fmt.Sprintf("owner %s: attribute %s is not a JSON list of rules (%v); its rules were not applied", n.ID, attrOwnerRules, err)))
			continue
		}
		for _, or := range rules {
			or.File = evidenceSource(n, or.File)
			if msg := m.add(n.ID, or); msg != "" {
				d := diagnostic(name, n, fmt.Sprintf("owner %s: %s; rule skipped", n.ID, msg))
				if or.File != "" {
					d.File, d.Line = or.File, or.Line
				}
				b.Diagnose(d)
			}
		}
	}
	if len(m.rules) == 0 {
		return nil
	}
	m.finish()
	for i, n := range g.Nodes() {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if n.Kind == graph.Owner {
			continue
		}
		m.match(n, func(cr *compiledRule, how string) {
			b.AddEdge(graph.Edge{From: n.ID, To: cr.owner, Kind: graph.OwnedBy, Evidence: []graph.Evidence{{
				Connector: name, Source: cr.file, Line: cr.line, Basis: graph.Declared,
				Note: "rule " + how + " in owners file",
			}}})
		})
	}
	return nil
}

// evidenceSource returns the file as the scan named it for a file an
// attribute cites relative to the scanned root (scanpath.Rel): the source of
// the node's evidence that ends with it, else rel itself.
func evidenceSource(n graph.Node, rel string) string {
	for _, ev := range n.Evidence {
		if ev.Source == rel || strings.HasSuffix(ev.Source, "/"+rel) {
			return ev.Source
		}
	}
	return rel
}

func diagnostic(connector string, n graph.Node, msg string) graph.Diagnostic {
	d := graph.Diagnostic{Connector: connector, Severity: graph.Error, Message: msg}
	if len(n.Evidence) > 0 {
		d.File, d.Line = n.Evidence[0].Source, n.Evidence[0].Line
	}
	return d
}

// validGlob reports whether doublestar can match with the pattern at a
// bounded cost: the owners file's limits (docs/owners-file.md) hold.
func validGlob(p string) bool {
	return p != "" && len(p) <= 1024 && strings.Count(p, "{") <= 4 && pathmatch.Expansions(p) <= pathmatch.MaxExpansions && doublestar.ValidatePattern(p)
}
