package gitlabci

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/graph"
)

// maxExtends is GitLab's limit on the depth of extends: chains.
const maxExtends = 11

// job is what one job's definition says, its extends: chain and the
// pipeline's default: and global variables folded in.
type job struct {
	name, file string
	line       int
	vars       []variable // effective: global, then the chain, then its own
	ownVars    []variable // defined by the job or its chain, for hard-coded checks
	secrets    []secret
	idTokens   []idToken
	env        string
	envLine    int
	scripts    []scriptLine
	branches   []string
	tags       bool
	anyRef     bool
	schedule   int // line of the rule that runs it on a schedule, 0 when none
	references []string
	extends    []string
}

type secret struct {
	name string
	val  *yaml.Node
	file string
	line int
	cond string // the condition of a conditional include it came from
}

type idToken struct {
	name string
	aud  []string
	file string
	line int
}

type scriptLine struct {
	text, file string
	line       int
}

// lineage lists the definitions a job is built from, the most basic first
// and the job itself last; with several parents the later one wins, as
// GitLab merges them.
func (p *pipeline) lineage(name string, depth int, from *entry) []*entry {
	e := p.entries[name]
	if e == nil {
		if from != nil {
			p.diag(from.file, from.line, graph.Warning, "job %q extends %q, which is not defined in this file or its local includes; its settings are not read", from.key, name)
		}
		return nil
	}
	if depth > maxExtends {
		p.diag(e.file, e.line, graph.Warning, "extends: chain through %q is deeper than %d (GitLab's limit) or circular; cut there", name, maxExtends)
		return nil
	}
	var out []*entry
	for _, parent := range p.strList(p.value(p.get(e.val, "extends"))) {
		out = append(out, p.lineage(parent, depth+1, e)...)
	}
	return append(out, e)
}

// value resolves a !reference [.job, key, ...] tag to the node it names;
// any other node is returned as is.
func (p *pipeline) value(n *yaml.Node) *yaml.Node {
	n = p.deref(n)
	for i := 0; n != nil && n.Tag == "!reference" && n.Kind == yaml.SequenceNode && i < 10; i++ {
		path := p.strList(n)
		if len(path) == 0 {
			return nil
		}
		e := p.entries[path[0]]
		if e == nil {
			return nil
		}
		cur := e.val
		for _, k := range path[1:] {
			cur = p.get(cur, k)
		}
		n = p.deref(cur)
	}
	return n
}

// field returns the last definition of key along a lineage.
func (p *pipeline) field(chain []*entry, key string) (*yaml.Node, *entry) {
	for i := len(chain) - 1; i >= 0; i-- {
		if v := p.get(chain[i].val, key); v != nil {
			return p.value(v), chain[i]
		}
	}
	return nil, nil
}

// job folds the definition of the job called name.
func (p *pipeline) job(name string) *job {
	chain := p.lineage(name, 0, nil)
	self := chain[len(chain)-1]
	j := &job{name: name, file: self.file, line: self.line, extends: p.strList(p.value(p.get(self.val, "extends")))}
	dflt := p.entries["\x00default"]
	inheritDefault, inheritVars := true, true
	if inh, _ := p.field(chain, "inherit"); inh != nil {
		inheritDefault = str(p.get(inh, "default")) != "false"
		inheritVars = str(p.get(inh, "variables")) != "false"
	}
	if inheritVars {
		j.vars = slices.Clone(p.globalVars)
	}
	for _, e := range chain {
		v := p.variables(e.file, p.value(p.get(e.val, "variables")))
		j.vars, j.ownVars = mergeVars(j.vars, v), mergeVars(j.ownVars, v)
		// A definition a conditional include overrode still applies when
		// the condition does not hold: its secrets count, with theirs.
		var own []secret
		for _, d := range append([]*entry{e}, p.alternates[e.key]...) {
			for _, kv := range p.pairs(p.value(p.get(d.val, "secrets"))) {
				own = append(own, secret{name: kv.Key, val: p.value(kv.V), file: d.file, line: kv.K.Line, cond: d.cond})
			}
		}
		if len(p.alternates[e.key]) == 0 {
			for i := range own {
				own[i].cond = ""
			}
		}
		j.secrets = slices.DeleteFunc(j.secrets, func(o secret) bool {
			return slices.ContainsFunc(own, func(s secret) bool { return s.name == o.name })
		})
		j.secrets = append(j.secrets, own...)
	}
	tokSrc := chain
	if inheritDefault && dflt != nil {
		tokSrc = append([]*entry{dflt}, chain...)
	}
	for _, e := range tokSrc {
		for _, kv := range p.pairs(p.value(p.get(e.val, "id_tokens"))) {
			t := idToken{name: kv.Key, aud: p.strList(p.value(p.get(kv.V, "aud"))), file: e.file, line: kv.K.Line}
			if i := slices.IndexFunc(j.idTokens, func(o idToken) bool { return o.name == t.name }); i >= 0 {
				j.idTokens[i] = t
			} else {
				j.idTokens = append(j.idTokens, t)
			}
		}
	}
	if env, _ := p.field(chain, "environment"); env != nil {
		j.env, j.envLine = str(env), env.Line
		if env.Kind == yaml.MappingNode {
			j.env = str(p.get(env, "name"))
		}
	}
	for _, key := range []string{"before_script", "script", "after_script"} {
		n, e := p.field(chain, key)
		if n == nil && key != "script" && inheritDefault && dflt != nil {
			if n = p.value(p.get(dflt.val, key)); n != nil {
				e = dflt
			}
		}
		if g := p.globalScripts[key]; n == nil && g != nil && inheritDefault {
			n, e = p.value(g.val), g
		}
		if e != nil {
			p.scriptLines(j, n, e.file, 0)
		}
	}
	rules, _ := p.field(chain, "rules")
	only, _ := p.field(chain, "only")
	p.refsOf(j, rules, only)
	for _, e := range chain {
		p.collectRefs(e.val, &j.references)
	}
	return j
}

// scriptLines flattens a script (a string, a list, nested lists, !reference
// items) into lines with their place in the file.
func (p *pipeline) scriptLines(j *job, n *yaml.Node, file string, depth int) {
	if n == nil || depth > 10 {
		return
	}
	if n.Tag == "!reference" {
		n = p.value(n)
		if n == nil {
			return
		}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		line := n.Line
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			line++
		}
		for i, l := range strings.Split(n.Value, "\n") {
			if strings.TrimSpace(l) != "" {
				j.scripts = append(j.scripts, scriptLine{l, file, line + i})
			}
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			p.scriptLines(j, p.deref(it), file, depth+1)
		}
	case yaml.AliasNode:
		p.scriptLines(j, p.deref(n), file, depth+1)
	case yaml.MappingNode:
		p.diag(file, n.Line, graph.Warning, "a script line of job %q reads as a mapping (an unquoted \": \" in the command?); GitLab rejects it: quote the line", j.name)
	}
}

// collectRefs records every !reference tag in a job's definition, as text.
func (p *pipeline) collectRefs(n *yaml.Node, out *[]string) {
	if n == nil {
		return
	}
	if n.Tag == "!reference" {
		if s := "[" + strings.Join(p.strList(n), ", ") + "]"; !slices.Contains(*out, s) {
			*out = append(*out, s)
		}
		return
	}
	for _, c := range n.Content {
		p.collectRefs(c, out)
	}
}
