package ownership

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners/pathmatch"
)

var (
	ruleKeys = []string{"ids", "kind", "type", "tag", "owners"}
	tagKeys  = []string{"key", "value"}

	// kvDataPath spots a Vault KV v2 API path, which convene's IDs leave out.
	kvDataPath = regexp.MustCompile(`^(vault(?:@[^:/]+)?:[^/*?\[{]+/)(?:data|metadata)/`)
)

func (p *parser) parseRules(raw *yaml.Node) {
	for _, item := range p.list(raw, "rules") {
		fields, ok := p.mapping(item, "a rule", ruleKeys)
		if !ok {
			continue
		}
		errsBefore := len(p.errs)
		r := Rule{Line: yamlnode.Line(item, 1)}
		for _, g := range p.strs(fields["ids"], "rule ids") {
			if msg := checkGlob(g.val); msg != "" {
				p.errorAt(g.line, "%s", msg)
				continue
			}
			if m := kvDataPath.FindStringSubmatch(g.val); m != nil {
				p.warnf(g.line, "glob %q names a Vault KV v2 API path; convene's Vault IDs leave out \"data/\" and \"metadata/\" (vault:secret/payments/db), so this glob matches nothing: write %q",
					g.val, m[1]+g.val[len(m[0]):])
			}
			if !slices.Contains(r.IDs, g.val) {
				r.IDs = append(r.IDs, g.val)
			}
		}
		if k := fields["kind"]; k != nil {
			r.Kind = p.str(k, "rule kind")
			switch kind := graph.NodeKind(r.Kind); {
			case kind == graph.Owner:
				p.errorf(k, "rules make owners of nodes, not of owners: kind %q is not allowed here", r.Kind)
			case !kind.Valid():
				p.errorf(k, "unknown kind %q; a rule's kind is one of: %s", r.Kind, ruleKinds())
			}
		}
		r.Type = p.str(fields["type"], "rule type")
		r.TagKey, r.TagValue = p.tag(fields["tag"])
		if len(r.IDs) == 0 && r.TagKey == "" && len(p.errs) == errsBefore {
			p.errorf(item, "rule selects nothing: give ids (globs over node IDs) or a tag, or both; kind and type only narrow them")
		}
		for _, o := range p.strs(fields["owners"], "rule owners") {
			if id := p.owner(o); id != "" && !slices.Contains(r.Owners, id) {
				r.Owners = append(r.Owners, id)
			}
		}
		if fields["owners"] == nil || (len(r.Owners) == 0 && len(p.errs) == errsBefore) {
			p.errorf(item, "rule has no owners; add \"owners: [<team id or e-mail>]\"")
		}
		p.f.Rules = append(p.f.Rules, r)
	}
}

func ruleKinds() string {
	var names []string
	for _, k := range graph.NodeKinds {
		if k != graph.Owner {
			names = append(names, string(k))
		}
	}
	return strings.Join(names, ", ")
}

// tag reads a rule's tag selector.
func (p *parser) tag(raw *yaml.Node) (key, value string) {
	if yamlnode.IsNull(p.deref(raw)) {
		return "", ""
	}
	fields, ok := p.mapping(raw, "a rule's tag", tagKeys)
	if !ok {
		return "", ""
	}
	key, value = p.str(fields["key"], "tag key"), p.str(fields["value"], "tag value")
	switch {
	case key == "":
		p.errorf(raw, "tag has no key; write \"tag: {key: team, value: payments}\"")
	case strings.HasPrefix(key, "tag."):
		p.errorf(fields["key"], "write the tag key without \"tag.\": \"key: %s\"", strings.TrimPrefix(key, "tag."))
	case value == "":
		p.errorf(raw, "tag %q has no value; write \"tag: {key: %s, value: <value>}\"", key, key)
	}
	return key, value
}

// owner resolves an owner reference to the owner's node ID, or reports it.
func (p *parser) owner(o scalar) string {
	ref := o.val
	if strings.Contains(ref, "@") {
		email := strings.ToLower(strings.TrimPrefix(ref, "person:"))
		if _, ok := p.people[email]; ok || p.broken {
			return PersonID(email)
		}
		p.errorAt(o.line, "owner %q is not a person of this file; list them under people (or as a team member) or fix the spelling", ref)
		return ""
	}
	id := strings.TrimPrefix(ref, "team:")
	if _, ok := p.teams[id]; ok || p.broken {
		return TeamID(id)
	}
	p.errorAt(o.line, "owner %q is not a team declared in this file%s; declare it under teams, fix the spelling, or give a person's e-mail",
		ref, didYouMean(id, p.teamIDs()))
	return ""
}

// Limits on a glob: matching time grows with its length and multiplies with
// each alternation.
const (
	maxGlobLen      = 1024
	maxAlternations = 4
)

// checkGlob returns what is wrong with a glob over node IDs, or "".
func checkGlob(pat string) string {
	if pat == "" {
		return "empty glob in ids; give a node ID or a glob such as \"vault:secret/payments/**\""
	}
	if len(pat) > maxGlobLen {
		return fmt.Sprintf("glob %.40q... is longer than %d characters; node IDs are shorter: shorten it", pat, maxGlobLen)
	}
	if n := strings.Count(pat, "{"); n > maxAlternations {
		return fmt.Sprintf("glob %q has %d {…} alternations; at most %d are allowed, since each multiplies the cost of matching: list the alternatives as separate globs in ids", pat, n, maxAlternations)
	}
	if n := pathmatch.Expansions(pat); n > pathmatch.MaxExpansions {
		return fmt.Sprintf("glob %.60q expands to more than %d alternatives; their product multiplies the cost of matching: list the alternatives as separate globs in ids", pat, pathmatch.MaxExpansions)
	}
	if !doublestar.ValidatePattern(pat) {
		return fmt.Sprintf("glob %q is malformed: every \"[\" and \"{\" needs its closing \"]\" or \"}\", and \"\\\" must escape a character (write \\[ for a literal [)", pat)
	}
	for i := 0; i < len(pat); i++ {
		switch pat[i] {
		case '\\':
			i++
		case '[':
			for i++; i < len(pat) && pat[i] != ']'; i++ {
				if pat[i] == '\\' {
					i++
				}
			}
		case '*':
			j := i
			for j < len(pat) && pat[j] == '*' {
				j++
			}
			switch {
			case j-i > 2:
				return fmt.Sprintf("glob %q has %d stars in a row; write \"*\" for any run within one \"/\" segment or \"**\" for any number of segments", pat, j-i)
			case j-i == 2 && !((i == 0 || pat[i-1] == '/') && (j == len(pat) || pat[j] == '/')):
				return fmt.Sprintf("glob %q: \"**\" matches across \"/\" only as a whole segment, as in \"role/**\" or \"**/deploy\"; here it would match like \"*\". Write \"*\" to stay within one segment, or put \"**\" between slashes", pat)
			}
			i = j - 1
		}
	}
	return ""
}
