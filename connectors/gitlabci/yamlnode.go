package gitlabci

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// A pipeline reads its YAML through the connectors' one walker
// (connectors/internal/yamlnode): aliases and merge keys resolved under the
// node budget. The methods below add what is GitLab's: one warning where
// the budget runs out, trimmed strings and de-duplicated string lists.

// overBudget warns, once, when the walk has run out of budget; n is the
// node being read then.
func (p *pipeline) overBudget(n *yaml.Node) {
	if p.walk.Exceeded() && !p.budgetWarned {
		p.budgetWarned = true
		p.diag(p.file, yamlnode.Line(n, 1), graph.Warning, "the pipeline expands to more than %d YAML nodes through aliases; the rest is not read", maxNodes)
	}
}

// deref follows aliases and spends the node budget; past it the node reads
// as absent.
func (p *pipeline) deref(n *yaml.Node) *yaml.Node {
	out := p.walk.Deref(n)
	p.overBudget(n)
	return out
}

// get returns the value of key in mapping n (merge keys honoured), or nil.
func (p *pipeline) get(n *yaml.Node, key string) *yaml.Node {
	out := p.walk.Get(n, key)
	p.overBudget(n)
	return out
}

// pairs lists a mapping's keys with their values, merge keys expanded: a
// key the mapping sets itself wins, then the first merged mapping to set it.
func (p *pipeline) pairs(n *yaml.Node) []yamlnode.Pair {
	out := p.walk.Pairs(n)
	p.overBudget(n)
	return out
}

// strList reads one string or a list of strings: the non-empty ones, once
// each; other items are skipped.
func (p *pipeline) strList(n *yaml.Node) []string {
	strs, _, _ := p.walk.StrList(n)
	p.overBudget(n)
	var out []string
	for _, s := range strs {
		if s.Value != "" && !slices.Contains(out, s.Value) {
			out = append(out, s.Value)
		}
	}
	return out
}

// str returns a scalar's text, trimmed; "" for a null or anything else.
func str(n *yaml.Node) string { return strings.TrimSpace(yamlnode.Str(n)) }

func isMapping(n *yaml.Node) bool { return n != nil && n.Kind == yaml.MappingNode }
