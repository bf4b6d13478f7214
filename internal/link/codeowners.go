package link

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/internal/owners/pathmatch"
)

// attrCodeownersRules is the attribute of a repository node holding its
// CODEOWNERS rules, a JSON list of codeownersRule, which the codeowners
// connector writes.
const attrCodeownersRules = graph.AttrCodeownersRules

// codeownersRule is one entry of attrCodeownersRules; the codeowners
// connector's RuleAttr is the same JSON.
type codeownersRule struct {
	Pattern string   `json:"pattern"`
	Owners  []string `json:"owners,omitempty"`
	Section string   `json:"section,omitempty"`
	File    string   `json:"file"`
	Line    int      `json:"line"`
}

// CodeOwners returns the rule "codeowners": the owners CODEOWNERS gives a
// file own the workloads defined in it. A workload whose ID is
// <repository>/<path>, or <repository>/<path>#<job>, gets an owned_by edge
// to the owners of the rule that decides <path> (the last matching line;
// on GitLab, that of every section), mapped through aliases to the owners
// file's team when one answers to the name. A deciding rule without owners
// gives none.
func CodeOwners() Rule { return codeOwners{} }

type codeOwners struct{}

func (codeOwners) Name() string { return "codeowners" }

func (r codeOwners) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	name := connector(r)
	var aliases *owners.Aliases
	nodes := g.Nodes()
	for _, repo := range nodes {
		raw, ok := repo.Attrs[attrCodeownersRules]
		if !ok || repo.Kind != graph.Location {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var rules []codeownersRule
		if err := json.Unmarshal([]byte(raw), &rules); err != nil {
			b.Diagnose(diagnostic(name, repo, fmt.Sprintf("repository %s: attribute %s is not a JSON list of rules (%v); its CODEOWNERS was not applied", repo.ID, attrCodeownersRules, err)))
			continue
		}
		prs := make([]pathmatch.Rule, len(rules))
		for i, cr := range rules {
			prs[i] = pathmatch.Rule{Pattern: cr.Pattern, Owners: cr.Owners, Section: cr.Section, Line: i} // Line: index back into rules
		}
		m, _ := pathmatch.NewMatcher(prs) // the connector kept only patterns that compile
		if aliases == nil {
			aliases = owners.NewAliases(g)
		}
		prefix := repo.ID + "/"
		for i := sort.Search(len(nodes), func(i int) bool { return nodes[i].ID >= prefix }); i < len(nodes) && strings.HasPrefix(nodes[i].ID, prefix); i++ {
			n := nodes[i]
			if n.Kind != graph.Workload {
				continue
			}
			path, _, _ := strings.Cut(strings.TrimPrefix(n.ID, prefix), "#")
			for _, won := range m.Match(path) {
				cr := rules[won.Line]
				for _, o := range cr.Owners {
					b.AddEdge(graph.Edge{From: n.ID, To: aliases.Canonical(o), Kind: graph.OwnedBy, Evidence: []graph.Evidence{{
						Connector: name, Source: evidenceSource(repo, cr.File), Line: cr.Line, Basis: graph.Declared,
						Note: fmt.Sprintf("CODEOWNERS pattern %s owns %s (%s)", cr.Pattern, path, o),
					}}})
				}
			}
		}
	}
	return nil
}
