package gitlabci

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/graph"
)

// includeCond is the condition an include: entry's rules: put on it: the
// if: clauses of the rules that do not say when: never, joined with ||;
// a rule on exists: or changes: alone reads "rules". "" when the entry
// has no rules.
func (p *pipeline) includeCond(it *yaml.Node) string {
	rules := p.value(p.get(it, "rules"))
	if rules == nil || rules.Kind != yaml.SequenceNode {
		return ""
	}
	var conds []string
	for _, r := range p.flatten(rules, 0) {
		if str(p.get(r, "when")) == "never" {
			continue
		}
		c := str(p.get(r, "if"))
		if c == "" {
			c = "rules"
		}
		conds = append(conds, c)
	}
	if len(conds) == 0 {
		return "rules"
	}
	return strings.Join(conds, " || ")
}

// both joins the condition of an include with that of the include it is
// nested in.
func both(outer, inner string) string {
	switch {
	case outer == "":
		return inner
	case inner == "":
		return outer
	}
	return "(" + outer + ") && (" + inner + ")"
}

// define records a top-level job or template. A later definition replaces
// an earlier one, as GitLab merges files; but when the later one comes
// from a conditional include, the earlier one is what GitLab uses when
// that condition does not hold (two includes under opposite rules defining
// the same template, one per environment). The earlier definition is kept
// as an alternate, so that its secrets are read too, and a warning says so.
func (p *pipeline) define(e *entry) {
	old := p.entries[e.key]
	if old != nil && e.cond != "" && old.file != e.file && old.cond != e.cond {
		alt := *old
		if alt.cond == "" {
			alt.cond = "not (" + e.cond + ")"
		}
		p.alternates[e.key] = append(p.alternates[e.key], &alt)
		p.diag(e.file, e.line, graph.Warning, "%q is defined by two conditional includes, %s (if %s) and %s (if %s); GitLab uses the one whose rule holds, so the secrets of both are read, each with its condition",
			e.key, p.relPath(old.file), alt.cond, p.relPath(e.file), e.cond)
	}
	if old == nil {
		p.order = append(p.order, e.key)
	}
	p.entries[e.key] = e
}

// relPath is a file's path inside the repository.
func (p *pipeline) relPath(file string) string {
	if p.root == "." || p.root == "" {
		return strings.TrimPrefix(file, "./")
	}
	return strings.TrimPrefix(file, p.root+"/")
}
