package githubactions

import (
	"fmt"
	"path"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
)

// maxDepth bounds how far reusable workflows and local actions are followed,
// so that a workflow calling itself cannot loop.
const maxDepth = 4

// cache parses each workflow or action file once, however many files of a
// scan refer to it, and is safe for concurrent use.
type cache struct {
	fsys    srcfs.FS
	mu      sync.Mutex
	entries map[string]*entry
}

type entry struct {
	once sync.Once
	wf   *workflow
	act  *action
	err  error
}

func newCache() *cache { return &cache{fsys: srcfs.OS, entries: map[string]*entry{}} }

func (c *cache) get(file string) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[file]
	if !ok {
		e = &entry{}
		c.entries[file] = e
	}
	return e
}

// workflow parses a workflow file.
func (c *cache) workflow(file string) (*workflow, error) {
	e := c.get(file)
	e.once.Do(func() {
		data, err := c.fsys.ReadFile(file)
		if err != nil {
			e.err = err
			return
		}
		e.wf, e.err = parseWorkflow(file, data)
	})
	return e.wf, e.err
}

// action parses the action.yml (or action.yaml) in dir.
func (c *cache) action(dir string) (*action, error) {
	file := path.Join(dir, "action.yml")
	if _, err := c.fsys.Stat(file); err != nil {
		file = path.Join(dir, "action.yaml")
		if _, err := c.fsys.Stat(file); err != nil {
			return nil, fmt.Errorf("no action.yml or action.yaml in %s", dir)
		}
	}
	e := c.get(file)
	e.once.Do(func() {
		data, err := c.fsys.ReadFile(file)
		if err != nil {
			e.err = err
			return
		}
		e.act, e.err = parseAction(file, data)
	})
	return e.act, e.err
}

// action is a local action: its inputs' defaults and, for a composite one,
// its steps.
type action struct {
	file      string
	composite bool
	defaults  map[string]string
	steps     []*step
	warnings  []warning
}

// parseAction reads an action.yml.
func parseAction(file string, data []byte) (*action, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, err
	}
	w := newWalker()
	root := w.Deref(doc)
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, &ParseError{Line: lineOf(root), Msg: "an action file is a mapping with runs:"}
	}
	a := &action{file: file, defaults: map[string]string{}}
	p := &parser{w: w, file: file}
	for _, in := range w.Pairs(w.Get(root, "inputs")) {
		if d := str(w.Get(in.V, "default")); d != "" {
			a.defaults[in.Key] = d
		}
	}
	runs := w.Get(root, "runs")
	a.composite = str(w.Get(runs, "using")) == "composite"
	var f facts // composite actions cannot read secrets; inline values still count
	for i, s := range w.Items(w.Get(runs, "steps")) {
		a.steps = append(a.steps, p.step(s, i, &f))
	}
	a.warnings = p.warns
	return a, nil
}

// resolver works out a job's full facts: its own, its steps', and those of
// the local actions and reusable workflows it uses.
type resolver struct {
	cache *cache
	root  string // the repository checkout, slash separated
	slug  string
	warn  func(warning)
}

// job returns everything job j of wf depends on.
func (r *resolver) job(wf *workflow, j *job, depth int) facts {
	var f facts
	f.add(wf.env)
	f.add(j.facts)
	for _, s := range j.steps {
		f.add(r.step(s, wf.file, nil, depth))
	}
	if j.calls != "" {
		f.add(r.call(wf, j, depth))
	}
	return f
}

// step returns what one step depends on. inputs are the with: values of the
// step that used the composite action this step belongs to.
func (r *resolver) step(s *step, file string, inputs map[string]scalar, depth int) facts {
	if inputs != nil {
		s = substitute(s, inputs)
	}
	if !strings.HasPrefix(s.uses, "./") {
		return analyzeStep(s, file, r.slug)
	}
	if depth >= maxDepth {
		return facts{}
	}
	dir := path.Join(r.root, strings.TrimPrefix(s.uses, "./"))
	a, err := r.cache.action(dir)
	if err != nil || !a.composite {
		if err != nil {
			r.warn(warning{file: file, line: s.line, msg: "cannot read local action " + s.uses + ": " + err.Error() + "; its credentials are not mapped"})
		}
		return facts{}
	}
	in := map[string]scalar{}
	for k, v := range a.defaults {
		in[k] = scalar{val: v, file: a.file}
	}
	for k, v := range s.with {
		if v.file == "" {
			v.file = file
		}
		in[k] = v
	}
	var f facts
	for _, cs := range a.steps {
		sf := r.step(cs, a.file, in, depth+1)
		through(&sf, r.rel(a.file), s.name)
		f.add(sf)
	}
	return f
}

// substitute fills ${{ inputs.X }} in a composite step's with: values with
// what the caller passed, so that a wrapper around vault-action maps to the
// role and paths its callers name.
func substitute(s *step, inputs map[string]scalar) *step {
	c := *s
	c.with = make(map[string]scalar, len(s.with))
	for k, v := range s.with {
		for name, in := range inputs {
			for _, form := range []string{"${{ inputs." + name + " }}", "${{inputs." + name + "}}"} {
				if strings.TrimSpace(v.val) == form && in.file != "" {
					v = in // the whole value is the input: cite where the caller wrote it
					break
				}
				v.val = strings.ReplaceAll(v.val, form, in.val)
			}
		}
		c.with[k] = v
	}
	return &c
}

// rel names a file of the repository by its path in it.
func (r *resolver) rel(file string) string {
	return strings.TrimPrefix(file, r.root+"/")
}

// through marks facts that came through a local action or a reusable
// workflow, naming it and the step or job that used it.
func through(f *facts, file, by string) {
	for i := range f.targets {
		t := &f.targets[i]
		attrs := make(map[string]string, len(t.attrs)+2)
		for k, v := range t.attrs {
			attrs[k] = v
		}
		if attrs["through"] == "" {
			attrs["through"], attrs["used_by_step"] = file, by
		}
		t.attrs = attrs
	}
	for i := range f.refs {
		if f.refs[i].via == "" {
			f.refs[i].via = file
		}
	}
}

// call follows a job's `uses:` of a reusable workflow. A local one's secret
// reads reach the caller when it passes secrets: inherit (a declared
// parameter is filled by the caller's secrets: mapping, already read); its
// logins and Vault reads run in the caller's run and are attributed to it.
func (r *resolver) call(wf *workflow, j *job, depth int) facts {
	var f facts
	f.setAttr("calls", j.calls)
	if !strings.HasPrefix(j.calls, "./") {
		if j.inherit {
			f.refs = append(f.refs, secretRef{dynamic: true, raw: "secrets: inherit", where: "secrets", inherit: true,
				file: wf.file, line: j.callLine, via: j.calls})
		}
		return f
	}
	if depth >= maxDepth {
		return f
	}
	file := path.Join(r.root, strings.TrimPrefix(j.calls, "./"))
	called, err := r.cache.workflow(file)
	if err != nil {
		r.warn(warning{file: wf.file, line: j.callLine, msg: "cannot read reusable workflow " + j.calls + ": " + err.Error() + "; its credentials are not mapped"})
		return f
	}
	for _, cj := range called.jobs {
		cf := r.job(called, cj, depth+1)
		var keep []secretRef
		for _, ref := range cf.refs {
			switch {
			case ref.name == "GITHUB_TOKEN":
			case ref.name != "" && called.callSecrets[ref.name]:
				continue
			case !j.inherit:
				continue
			}
			ref.inherit = j.inherit
			keep = append(keep, ref)
		}
		cf.refs = keep
		cf.attrs = nil
		through(&cf, r.rel(called.file), j.id)
		f.add(cf)
	}
	return f
}
