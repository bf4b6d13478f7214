package githubactions

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// ParseError is a workflow or action file that is not valid YAML or not a
// workflow, with the place it went wrong.
type ParseError struct {
	Line, Column int
	Msg          string
}

// Error renders the problem with its line and, when known, its column.
func (e *ParseError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// decode parses YAML into a node tree, turning the library's error into a
// ParseError that names the line (and column where the library gives one),
// as the connectors' one YAML reader places it.
func decode(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	err := yaml.Unmarshal(data, &doc)
	if err == nil {
		return &doc, nil
	}
	se := yamlnode.Explain(data, err)
	return &doc, &ParseError{Line: se.Line, Column: se.Column, Msg: se.Msg}
}

// parseWorkflow reads a workflow file. Anything it cannot understand in an
// otherwise valid file is a warning, not an error.
func parseWorkflow(file string, data []byte) (*workflow, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, err
	}
	w := newWalker()
	root := w.Deref(doc)
	if root == nil {
		return nil, &ParseError{Line: 1, Msg: "the file is empty"}
	}
	if root.Kind != yaml.MappingNode {
		return nil, &ParseError{Line: lineOf(root), Msg: "a workflow is a mapping with on: and jobs:, not " + yamlnode.Describe(root)}
	}
	wf := &workflow{file: file}
	p := &parser{w: w, file: file}
	var jobsNode *yaml.Node
	for _, kv := range w.Pairs(root) {
		switch kv.Key {
		case "name":
			wf.name = str(kv.V)
		case "on", "true": // YAML 1.1 readers turn a bare on: into true
			p.triggers(wf, kv.V)
		case "permissions":
			wf.perms = p.perms(kv.V)
		case "jobs":
			jobsNode = kv.V
		default:
			p.scan(kv.V, refCtx{where: "workflow." + kv.Key}, 0, &wf.env)
		}
	}
	if jobsNode == nil || jobsNode.Kind != yaml.MappingNode {
		p.warnf(lineOf(root), "no jobs: mapping; GitHub rejects a workflow without jobs")
	}
	for _, kv := range w.Pairs(jobsNode) {
		if kv.V == nil || kv.V.Kind != yaml.MappingNode {
			p.warnf(lineOf(kv.K), "job %q is %s, not a mapping; job skipped", kv.Key, yamlnode.Describe(kv.V))
			continue
		}
		wf.jobs = append(wf.jobs, p.job(kv.Key, kv.K, kv.V))
	}
	if w.Exceeded() {
		p.warnf(1, "the file expands to more than %d YAML nodes through aliases; the rest was not read", maxNodes)
	}
	wf.warnings = p.warns
	return wf, nil
}

// parser carries the file being read and its warnings.
type parser struct {
	w     *walker
	file  string
	warns []warning
}

func (p *parser) warnf(line int, format string, args ...any) {
	p.warns = append(p.warns, warning{file: p.file, line: max(line, 1), msg: fmt.Sprintf(format, args...)})
}

// triggers reads on: in its three forms (a string, a list, a mapping).
func (p *parser) triggers(wf *workflow, n *yaml.Node) {
	switch {
	case n == nil:
	case n.Kind == yaml.ScalarNode || n.Kind == yaml.SequenceNode:
		for _, s := range strs(p.w, n) {
			wf.triggers = append(wf.triggers, trigger{event: s.val, line: s.line})
		}
	case n.Kind == yaml.MappingNode:
		for _, kv := range p.w.Pairs(n) {
			t := trigger{event: kv.Key, line: lineOf(kv.K)}
			for _, f := range p.w.Pairs(kv.V) {
				switch f.Key {
				case "branches", "branches-ignore":
					t.filtered = true
					if f.Key == "branches" {
						t.branches = append(t.branches, vals(strs(p.w, f.V))...)
					}
				case "tags", "tags-ignore":
					t.filtered = true
					if f.Key == "tags" {
						t.tags = append(t.tags, vals(strs(p.w, f.V))...)
					}
				}
			}
			switch kv.Key {
			case "schedule":
				for _, it := range p.w.Items(kv.V) {
					if c := p.w.Get(it, "cron"); str(c) != "" {
						wf.crons = append(wf.crons, scalar{val: str(c), line: lineOf(c)})
					}
				}
			case "workflow_call":
				wf.callSecrets = map[string]bool{}
				for _, s := range p.w.Pairs(p.w.Get(kv.V, "secrets")) {
					wf.callSecrets[strings.ToUpper(s.Key)] = true
				}
			}
			wf.triggers = append(wf.triggers, t)
		}
	}
	wf.onlyCalled = len(wf.triggers) == 1 && wf.triggers[0].event == "workflow_call"
}

func vals(ss []scalar) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.val
	}
	return out
}

// perms reads a permissions: block. write-all grants id-token; read-all,
// {} and any mapping without id-token: write do not.
func (p *parser) perms(n *yaml.Node) *perms {
	pr := &perms{line: lineOf(n)}
	switch {
	case n == nil:
	case n.Kind == yaml.ScalarNode:
		pr.idToken = n.Value == "write-all"
		pr.all = n.Value
	case n.Kind == yaml.MappingNode:
		pr.idToken = str(p.w.Get(n, "id-token")) == "write"
		pr.scopes = map[string]string{}
		for _, kv := range p.w.Pairs(n) {
			pr.scopes[kv.Key] = str(kv.V)
		}
	}
	return pr
}

// job reads one job.
func (p *parser) job(id string, k, n *yaml.Node) *job {
	j := &job{id: id, line: lineOf(k)}
	for _, kv := range p.w.Pairs(n) {
		switch kv.Key {
		case "name":
			j.name = str(kv.V)
		case "permissions":
			j.perms = p.perms(kv.V)
		case "environment":
			e := kv.V
			if e != nil && e.Kind == yaml.MappingNode {
				e = p.w.Get(e, "name")
			}
			j.environment, j.envLine = str(e), lineOf(e)
			j.envExpr = hasExpr(j.environment)
			p.scan(kv.V, refCtx{where: "environment"}, 0, &j.facts)
		case "uses":
			j.calls, j.callLine = str(kv.V), lineOf(kv.V)
		case "secrets":
			if str(kv.V) == "inherit" {
				j.inherit = true
				continue
			}
			p.scan(kv.V, refCtx{where: "secrets"}, 0, &j.facts)
		case "steps":
			for i, s := range p.w.Items(kv.V) {
				j.steps = append(j.steps, p.step(s, i, &j.facts))
			}
		default:
			if kv.Key == "if" {
				j.cond = str(kv.V)
			}
			p.scan(kv.V, refCtx{where: kv.Key}, 0, &j.facts)
		}
	}
	return j
}

// step reads one step, scanning every value for secret reads.
func (p *parser) step(n *yaml.Node, i int, f *facts) *step {
	s := &step{line: lineOf(n), with: map[string]scalar{}}
	s.name = str(p.w.Get(n, "name"))
	if s.name == "" {
		s.name = str(p.w.Get(n, "id"))
	}
	if s.name == "" {
		s.name = "#" + strconv.Itoa(i+1)
	}
	for _, kv := range p.w.Pairs(n) {
		switch kv.Key {
		case "uses":
			s.uses = str(kv.V)
		case "with":
			for _, in := range p.w.Pairs(kv.V) {
				s.with[in.Key] = scalar{val: str(in.V), line: lineOf(in.V)}
			}
		case "run":
			s.run = str(kv.V)
		case "env":
			s.env = map[string]scalar{}
			for _, in := range p.w.Pairs(kv.V) {
				s.env[in.Key] = scalar{val: str(in.V), line: lineOf(in.V)}
			}
		}
		p.scan(kv.V, refCtx{where: kv.Key, step: s.name}, 0, f)
	}
	return s
}
