package gitlabci

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// maxNodes bounds the YAML nodes one pipeline may make the reader visit, so
// that aliases repeating a large list cannot make a small file expensive.
const maxNodes = 200_000

// maxIncludes is GitLab's own limit on included files per pipeline.
const maxIncludes = 150

type diag struct {
	file string
	line int
	sev  graph.Severity
	msg  string
}

// entry is one top-level key of a pipeline file: a job, a hidden job
// (template) or a global keyword.
type entry struct {
	key  string
	val  *yaml.Node
	file string
	line int
	// cond is the rules: condition of the include that brought the file
	// in ("" when unconditional).
	cond string
}

// pipeline is a pipeline file with its local includes folded in: later
// definitions of a key override earlier ones, and the main file's win, as
// GitLab merges them.
type pipeline struct {
	fsys         srcfs.FS // where the files are read
	file         string
	root         string // repository checkout, for local includes
	main         *yaml.Node
	entries      map[string]*entry
	order        []string // job keys in the order first met
	globalVars   []variable
	included     []string // local files read, relative to the root
	unresolved   []string // include forms that are not fetched
	specInputs   []string
	workflowLn   int
	walk         *yamlnode.Walker // aliases and the node budget
	budgetWarned bool             // the budget warning is given
	diags        []diag
	seenInclude  map[string]bool
	// globalScripts holds the top-level before_script and after_script.
	globalScripts map[string]*entry
	// alternates holds definitions a conditional include overrode: when
	// its condition does not hold, GitLab uses them (see define).
	alternates map[string][]*entry
}

// reserved are GitLab's global keywords: every other top-level key is a job.
var reserved = map[string]bool{
	"default": true, "include": true, "stages": true, "variables": true, "workflow": true,
	"image": true, "services": true, "cache": true, "before_script": true, "after_script": true,
	"types": true, "spec": true,
}

func (p *pipeline) diag(file string, line int, sev graph.Severity, format string, args ...any) {
	p.diags = append(p.diags, diag{file, max(line, 1), sev, fmt.Sprintf(format, args...)})
}

// load reads file and every local file it includes.
func load(file, root string) *pipeline { return loadFS(srcfs.OS, file, root) }

// loadFS is load over fsys.
func loadFS(fsys srcfs.FS, file, root string) *pipeline {
	p := &pipeline{fsys: fsys, file: file, root: root, entries: map[string]*entry{}, walk: yamlnode.NewWalker(maxNodes), seenInclude: map[string]bool{}, globalScripts: map[string]*entry{}, alternates: map[string][]*entry{}}
	p.main = p.readFile(file, true, "")
	return p
}

// decodeDocs parses every YAML document of data. A file whose first of two
// or more documents holds spec: has that header dropped, as GitLab does.
func (p *pipeline) decodeDocs(data []byte) (body *yaml.Node, header *yaml.Node, err *yamlnode.SyntaxError) {
	docs, _, err := yamlnode.Documents(data, 0)
	if err != nil {
		return nil, nil, err
	}
	if len(docs) == 0 {
		return nil, nil, nil
	}
	if len(docs) >= 2 {
		if first := yamlnode.Root(docs[0]); first != nil && first.Kind == yaml.MappingNode && p.get(first, "spec") != nil {
			return yamlnode.Root(docs[1]), first, nil
		}
	}
	return yamlnode.Root(docs[0]), nil, nil
}

// readFile parses one file and folds its keys into p, includes first so
// that the including file's keys override them.
func (p *pipeline) readFile(file string, isMain bool, cond string) *yaml.Node {
	data, err := p.fsys.ReadFile(filepath.FromSlash(file))
	if err != nil {
		if u := errors.Unwrap(err); u != nil {
			err = u
		}
		p.diag(file, 0, graph.Error, "cannot read GitLab CI file: %v; give convene read access or exclude it", err)
		return nil
	}
	body, header, serr := p.decodeDocs(data)
	if serr != nil {
		p.diag(file, serr.Line, graph.Error, "invalid GitLab CI YAML: %s; fix the file (GitLab would reject it too); file skipped", serr.Msg)
		return nil
	}
	if header != nil && isMain {
		for _, in := range p.pairs(p.get(p.get(header, "spec"), "inputs")) {
			p.specInputs = append(p.specInputs, in.Key)
		}
	}
	body = p.deref(body)
	if body == nil || yamlnode.IsNull(body) {
		if isMain {
			p.diag(file, 1, graph.Warning, "the GitLab CI file is empty; no jobs read")
		}
		return nil
	}
	if body.Kind != yaml.MappingNode {
		p.diag(file, body.Line, graph.Error, "a GitLab CI file is a mapping of jobs and keywords, not %s; file skipped", yamlnode.Describe(body))
		return nil
	}
	if inc := p.get(body, "include"); inc != nil {
		p.includes(file, inc, cond)
	}
	for _, kv := range p.pairs(body) {
		k, v := kv.K, kv.V
		if k.Kind != yaml.ScalarNode {
			continue
		}
		switch {
		case k.Value == "variables":
			p.globalVars = mergeVars(p.globalVars, p.variables(file, v))
		case k.Value == "workflow" && isMain:
			p.workflowLn = k.Line
		case k.Value == "before_script" || k.Value == "after_script":
			// The global spelling of default:'s scripts (deprecated, still
			// common); an including file's overrides an included one's.
			p.globalScripts[k.Value] = &entry{key: k.Value, val: v, file: file, line: k.Line, cond: cond}
		case reserved[k.Value]:
		default:
			p.define(&entry{key: k.Value, val: v, file: file, line: k.Line, cond: cond})
		}
	}
	if d := p.get(body, "default"); d != nil && (isMain || p.entries["\x00default"] == nil) {
		p.entries["\x00default"] = &entry{key: "default", val: d, file: file, line: d.Line}
	}
	return body
}

// includes follows include: entries. Local files are read; project:,
// remote:, template: and component: includes are recorded, never fetched.
func (p *pipeline) includes(from string, n *yaml.Node, cond string) {
	n = p.deref(n)
	items := []*yaml.Node{n}
	if n != nil && n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	for _, it := range items {
		it = p.deref(it)
		switch {
		case it == nil || yamlnode.IsNull(it):
		case it.Kind == yaml.ScalarNode:
			if strings.HasPrefix(it.Value, "https://") || strings.HasPrefix(it.Value, "http://") {
				p.unresolved = append(p.unresolved, "remote:"+it.Value)
				continue
			}
			p.local(from, it.Value, it.Line, cond)
		case it.Kind == yaml.MappingNode:
			switch {
			case p.get(it, "local") != nil:
				p.local(from, str(p.get(it, "local")), it.Line, both(cond, p.includeCond(it)))
			case p.get(it, "project") != nil:
				u := "project:" + str(p.get(it, "project"))
				for _, f := range p.strList(p.get(it, "file")) {
					u += ":" + f
				}
				if ref := str(p.get(it, "ref")); ref != "" {
					u += "@" + ref
				}
				p.unresolved = append(p.unresolved, u)
			case p.get(it, "remote") != nil:
				p.unresolved = append(p.unresolved, "remote:"+str(p.get(it, "remote")))
			case p.get(it, "template") != nil:
				p.unresolved = append(p.unresolved, "template:"+str(p.get(it, "template")))
			case p.get(it, "component") != nil:
				p.unresolved = append(p.unresolved, "component:"+str(p.get(it, "component")))
			default:
				p.diag(from, it.Line, graph.Warning, "include entry has none of local, project, remote, template, component; skipped")
			}
		default:
			p.diag(from, it.Line, graph.Warning, "include must be a path, a mapping or a list of them, not %s; skipped", yamlnode.Describe(it))
		}
	}
}

// local reads a local include, a path from the repository root (a leading
// slash is optional; * and ** globs as GitLab allows).
func (p *pipeline) local(from, spec string, line int, cond string) {
	rel := strings.TrimPrefix(strings.TrimSpace(spec), "/")
	if rel == "" {
		return
	}
	if strings.Contains(rel, "$") {
		p.unresolved = append(p.unresolved, "local:"+spec)
		return
	}
	var matches []string
	if strings.ContainsAny(rel, "*?[") {
		ms, _ := p.fsys.Glob(filepath.Join(filepath.FromSlash(p.root), filepath.FromSlash(rel)))
		for _, m := range ms {
			r, err := filepath.Rel(filepath.FromSlash(p.root), m)
			if err == nil {
				matches = append(matches, filepath.ToSlash(r))
			}
		}
	} else {
		matches = []string{path.Clean(rel)}
	}
	if len(matches) == 0 {
		p.diag(from, line, graph.Warning, "local include %q matches no file in the repository; skipped", spec)
	}
	for _, m := range matches {
		if strings.HasPrefix(m, "../") {
			p.diag(from, line, graph.Warning, "local include %q leaves the repository; skipped", spec)
			continue
		}
		full := path.Join(p.root, m)
		if p.seenInclude[full] || full == p.file {
			continue
		}
		if len(p.seenInclude) >= maxIncludes {
			p.diag(from, line, graph.Warning, "more than %d included files (GitLab's limit); the rest skipped", maxIncludes)
			return
		}
		if _, err := p.fsys.Stat(filepath.FromSlash(full)); err != nil {
			p.diag(from, line, graph.Warning, "local include %q: no such file in the repository; skipped", spec)
			continue
		}
		p.seenInclude[full] = true
		p.included = append(p.included, m)
		p.readFile(full, false, cond)
	}
}
