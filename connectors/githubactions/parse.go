package githubactions

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

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

var yamlLine = regexp.MustCompile(`line (\d+)(?:, column (\d+))?:?\s*`)

// decode parses YAML into a node tree, turning the library's error into a
// ParseError that names the line (and column where the library gives one).
func decode(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	err := yaml.Unmarshal(data, &doc)
	if err == nil {
		return &doc, nil
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pe := &ParseError{Line: 1, Msg: msg}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		if m := yamlLine.FindStringSubmatchIndex(msg); m != nil {
			pe.Line, _ = strconv.Atoi(msg[m[2]:m[3]])
			if m[4] >= 0 {
				pe.Column, _ = strconv.Atoi(msg[m[4]:m[5]])
			}
			pe.Msg = msg[:m[0]] + msg[m[1]:]
		}
	}
	pe.Line = max(pe.Line, 1)
	return &doc, pe
}

// parseWorkflow reads a workflow file. Anything it cannot understand in an
// otherwise valid file is a warning, not an error.
func parseWorkflow(file string, data []byte) (*workflow, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, err
	}
	w := newWalker()
	root := w.deref(doc)
	if root == nil {
		return nil, &ParseError{Line: 1, Msg: "the file is empty"}
	}
	if root.Kind != yaml.MappingNode {
		return nil, &ParseError{Line: lineOf(root), Msg: "a workflow is a mapping with on: and jobs:, not " + describe(root)}
	}
	wf := &workflow{file: file}
	p := &parser{w: w, file: file}
	var jobsNode *yaml.Node
	for _, kv := range w.pairs(root) {
		switch kv.key {
		case "name":
			wf.name = str(kv.v)
		case "on", "true": // YAML 1.1 readers turn a bare on: into true
			p.triggers(wf, kv.v)
		case "permissions":
			wf.perms = p.perms(kv.v)
		case "jobs":
			jobsNode = kv.v
		default:
			p.scan(kv.v, refCtx{where: "workflow." + kv.key}, 0, &wf.env)
		}
	}
	if jobsNode == nil || jobsNode.Kind != yaml.MappingNode {
		p.warnf(lineOf(root), "no jobs: mapping; GitHub rejects a workflow without jobs")
	}
	for _, kv := range w.pairs(jobsNode) {
		if kv.v == nil || kv.v.Kind != yaml.MappingNode {
			p.warnf(lineOf(kv.k), "job %q is %s, not a mapping; job skipped", kv.key, describe(kv.v))
			continue
		}
		wf.jobs = append(wf.jobs, p.job(kv.key, kv.k, kv.v))
	}
	if w.exceeded {
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

func describe(n *yaml.Node) string {
	switch {
	case n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null"):
		return "empty"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	default:
		return "a scalar"
	}
}

// triggers reads on: in its three forms (a string, a list, a mapping).
func (p *parser) triggers(wf *workflow, n *yaml.Node) {
	switch {
	case n == nil:
	case n.Kind == yaml.ScalarNode || n.Kind == yaml.SequenceNode:
		for _, s := range p.w.strs(n) {
			wf.triggers = append(wf.triggers, trigger{event: s.val, line: s.line})
		}
	case n.Kind == yaml.MappingNode:
		for _, kv := range p.w.pairs(n) {
			t := trigger{event: kv.key, line: lineOf(kv.k)}
			for _, f := range p.w.pairs(kv.v) {
				switch f.key {
				case "branches", "branches-ignore":
					t.filtered = true
					if f.key == "branches" {
						t.branches = append(t.branches, vals(p.w.strs(f.v))...)
					}
				case "tags", "tags-ignore":
					t.filtered = true
					if f.key == "tags" {
						t.tags = append(t.tags, vals(p.w.strs(f.v))...)
					}
				}
			}
			switch kv.key {
			case "schedule":
				for _, it := range p.w.items(kv.v) {
					if c := p.w.get(it, "cron"); str(c) != "" {
						wf.crons = append(wf.crons, scalar{val: str(c), line: lineOf(c)})
					}
				}
			case "workflow_call":
				wf.callSecrets = map[string]bool{}
				for _, s := range p.w.pairs(p.w.get(kv.v, "secrets")) {
					wf.callSecrets[strings.ToUpper(s.key)] = true
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
		pr.idToken = str(p.w.get(n, "id-token")) == "write"
		pr.scopes = map[string]string{}
		for _, kv := range p.w.pairs(n) {
			pr.scopes[kv.key] = str(kv.v)
		}
	}
	return pr
}

// job reads one job.
func (p *parser) job(id string, k, n *yaml.Node) *job {
	j := &job{id: id, line: lineOf(k)}
	for _, kv := range p.w.pairs(n) {
		switch kv.key {
		case "name":
			j.name = str(kv.v)
		case "permissions":
			j.perms = p.perms(kv.v)
		case "environment":
			e := kv.v
			if e != nil && e.Kind == yaml.MappingNode {
				e = p.w.get(e, "name")
			}
			j.environment, j.envLine = str(e), lineOf(e)
			j.envExpr = hasExpr(j.environment)
			p.scan(kv.v, refCtx{where: "environment"}, 0, &j.facts)
		case "uses":
			j.calls, j.callLine = str(kv.v), lineOf(kv.v)
		case "secrets":
			if str(kv.v) == "inherit" {
				j.inherit = true
				continue
			}
			p.scan(kv.v, refCtx{where: "secrets"}, 0, &j.facts)
		case "steps":
			for i, s := range p.w.items(kv.v) {
				j.steps = append(j.steps, p.step(s, i, &j.facts))
			}
		default:
			if kv.key == "if" {
				j.cond = str(kv.v)
			}
			p.scan(kv.v, refCtx{where: kv.key}, 0, &j.facts)
		}
	}
	return j
}

// step reads one step, scanning every value for secret reads.
func (p *parser) step(n *yaml.Node, i int, f *facts) *step {
	s := &step{line: lineOf(n), with: map[string]scalar{}}
	s.name = str(p.w.get(n, "name"))
	if s.name == "" {
		s.name = str(p.w.get(n, "id"))
	}
	if s.name == "" {
		s.name = "#" + strconv.Itoa(i+1)
	}
	for _, kv := range p.w.pairs(n) {
		switch kv.key {
		case "uses":
			s.uses = str(kv.v)
		case "with":
			for _, in := range p.w.pairs(kv.v) {
				s.with[in.key] = scalar{val: str(in.v), line: lineOf(in.v)}
			}
		case "run":
			s.run = str(kv.v)
		case "env":
			s.env = map[string]scalar{}
			for _, in := range p.w.pairs(kv.v) {
				s.env[in.key] = scalar{val: str(in.v), line: lineOf(in.v)}
			}
		}
		p.scan(kv.v, refCtx{where: kv.key, step: s.name}, 0, f)
	}
	return s
}
