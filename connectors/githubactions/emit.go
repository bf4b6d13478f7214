package githubactions

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// emitter writes one workflow file's nodes and edges.
type emitter struct {
	b    *graph.Builder
	repo repo.Repo
	file string // as the scan named it, for evidence
}

func (e *emitter) ev(file string, line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: file, Line: line, Basis: graph.Declared}}
}

func (e *emitter) node(n graph.Node) {
	if n.Evidence == nil {
		n.Evidence = e.ev(e.file, 0)
	}
	e.b.AddNode(n)
}

func (e *emitter) edge(from, to string, kind graph.EdgeKind, attrs map[string]string, evs []graph.Evidence) {
	e.b.AddEdge(graph.Edge{From: from, To: to, Kind: kind, Attrs: attrs, Evidence: evs})
}

// workflowID names a workflow by its repository and its path in it.
func (e *emitter) workflowID() string {
	rel := strings.TrimPrefix(e.file, e.repo.Root+"/")
	if e.repo.Root == "." {
		rel = strings.TrimPrefix(e.file, "./")
	}
	return e.repo.ID() + "/" + rel
}

// rel is a file's path inside the repository, which attributes cite.
func (e *emitter) rel(file string) string {
	if e.repo.Root == "." || e.repo.Root == "" {
		return strings.TrimPrefix(file, "./")
	}
	return strings.TrimPrefix(file, e.repo.Root+"/")
}

// emit writes the workflow, its jobs and everything they depend on.
func (e *emitter) emit(wf *workflow, r *resolver) {
	repoID := e.repo.ID()
	e.node(graph.Node{ID: repoID, Kind: graph.Location, Type: graph.TypeGitRepo, Name: e.repo.Slug(),
		Attrs: map[string]string{"identified_by": e.repo.Source}})
	wfID := e.workflowID()
	var sched *graph.Schedule
	wattrs := map[string]string{"repository": e.repo.Slug(), "path": strings.TrimPrefix(wfID, repoID+"/")}
	if len(wf.crons) > 0 {
		sched = &graph.Schedule{Expr: wf.crons[0].val, Dialect: graph.Cron, TimeZone: "UTC"}
		if len(wf.crons) > 1 {
			wattrs["schedules"] = graph.EncodeList(vals(wf.crons))
		}
	}
	var events []string
	for _, t := range wf.triggers {
		events = append(events, t.event)
	}
	if len(events) > 0 {
		wattrs["triggers"] = graph.EncodeList(events)
	}
	name := wf.name
	if name == "" {
		name = path.Base(e.file)
	}
	if len(wf.env.inline) > 0 {
		wattrs["hardcoded_credentials"] = inlineAttr(wf.env.inline, e.rel)
	}
	e.node(graph.Node{ID: wfID, Kind: graph.Workload, Type: graph.TypeCIWorkflow, Name: name, Attrs: wattrs,
		Schedule: sched, Evidence: e.ev(e.file, 1)})
	e.edge(wfID, repoID, graph.PartOf, nil, e.ev(e.file, 1))
	for _, j := range wf.jobs {
		e.job(wf, j, wfID, sched, r.job(wf, j, 0))
	}
}

// job writes one job and its edges.
func (e *emitter) job(wf *workflow, j *job, wfID string, sched *graph.Schedule, f facts) {
	id := wfID + "#" + j.id
	attrs := map[string]string{"workflow": wfID, "repository": e.repo.Slug()}
	for k, v := range f.attrs {
		attrs[k] = v
	}
	if u := attrs[graph.AttrUnresolved]; u != "" {
		// facts gather several values newline-joined (setAttr); the node
		// holds the list.
		delete(attrs, graph.AttrUnresolved)
		graph.AppendList(attrs, graph.AttrUnresolved, strings.Split(u, "\n")...)
	}
	if len(f.inline) > 0 {
		attrs["hardcoded_credentials"] = inlineAttr(f.inline, e.rel)
	}
	if j.environment != "" {
		attrs["environment"] = j.environment
	}
	allowed, permLine := oidcAllowed(wf, j)
	attrs["oidc"] = strconv.FormatBool(allowed)
	if f.oidc && !allowed {
		attrs["oidc_missing_permission"] = "true"
	}
	var subs []string
	if allowed {
		var unknown []string
		subs, unknown = subjects(e.repo.Slug(), wf, j)
		attrs["oidc_subjects"] = graph.EncodeList(subs)
		var refs []string
		for _, s := range subs {
			if _, ref, ok := strings.Cut(s, ":ref:"); ok {
				refs = append(refs, ref)
			}
		}
		if len(refs) > 0 {
			attrs["refs"] = graph.EncodeList(refs)
		}
		if len(unknown) > 0 {
			attrs["oidc_unresolved"] = graph.EncodeList(unknown)
		}
	}
	name := j.name
	if name == "" || hasExpr(name) {
		name = j.id
	}
	typ := agentJob(wf, j, attrs)
	e.node(graph.Node{ID: id, Kind: graph.Workload, Type: typ, Name: name, Attrs: attrs, Schedule: sched,
		Evidence: e.ev(e.file, j.line)})
	e.edge(id, e.repo.ID(), graph.PartOf, nil, e.ev(e.file, j.line))
	line := j.line
	if permLine > 0 {
		line = permLine
	}
	for _, s := range subs {
		sid := oidcIssuer + s
		e.node(graph.Node{ID: sid, Kind: graph.Identity, Type: graph.TypeCIOIDCSubject, Name: subjectName(s),
			Attrs:    map[string]string{"subject": s, "issuer": "https://token.actions.githubusercontent.com", "pattern": strconv.FormatBool(strings.Contains(s, "*"))},
			Evidence: e.ev(e.file, line)})
		e.edge(id, sid, graph.RunsAs, nil, e.ev(e.file, line))
	}
	e.secrets(id, parameters(wf, f.refs, attrs))
	e.targets(id, f.targets)
}

// parameters drops, from the jobs of a workflow only ever called, the
// reads of secrets it declares under on.workflow_call.secrets: those are
// filled by each caller's secrets: mapping (an edge at the caller), not by
// the repository secret of the same name. Their names stay on the job as
// secret_parameters.
func parameters(wf *workflow, refs []secretRef, attrs map[string]string) []secretRef {
	if !wf.onlyCalled || len(wf.callSecrets) == 0 {
		return refs
	}
	var keep []secretRef
	var params []string
	for _, r := range refs {
		if r.name != "" && wf.callSecrets[r.name] && r.file == wf.file {
			if !slices.Contains(params, r.name) {
				params = append(params, r.name)
			}
			continue
		}
		keep = append(keep, r)
	}
	if len(params) > 0 {
		slices.Sort(params)
		attrs["secret_parameters"] = graph.EncodeList(params)
	}
	return keep
}

// secrets writes one uses edge per secret, however often the job reads it,
// with every place it reads it as evidence.
func (e *emitter) secrets(jobID string, refs []secretRef) {
	type agg struct {
		attrs map[string][]string
		evs   []graph.Evidence
	}
	byID := map[string]*agg{}
	var order []string
	for _, r := range refs {
		name := r.name
		if r.dynamic {
			name = "*"
		}
		sid := e.repo.ID() + "/secrets/" + name
		a := byID[sid]
		if a == nil {
			a = &agg{attrs: map[string][]string{}}
			byID[sid] = a
			order = append(order, sid)
		}
		put := func(k, v string) {
			if v != "" && !slices.Contains(a.attrs[k], v) {
				a.attrs[k] = append(a.attrs[k], v)
			}
		}
		put("where", r.where)
		put("step", r.step)
		put("env", r.envVar)
		put("input", r.input)
		put("through", r.via)
		if r.dynamic {
			put("dynamic", "true")
			put("expression", r.raw)
		}
		if r.awsKey {
			put("aws_access_key", "true")
		}
		if r.inherit {
			put("inherit", "true")
		}
		ev := graph.Evidence{Connector: Name, Source: r.file, Line: r.line, Basis: graph.Declared}
		if !slices.Contains(a.evs, ev) {
			a.evs = append(a.evs, ev)
		}
	}
	for _, sid := range order {
		a := byID[sid]
		name := strings.TrimPrefix(sid, e.repo.ID()+"/secrets/")
		typ, nattrs := "ci-secret", map[string]string{}
		if name == "GITHUB_TOKEN" {
			typ = graph.TypeCIToken
			nattrs["builtin"] = "true"
		}
		if name == "*" {
			nattrs["dynamic"] = "true"
		}
		e.node(graph.Node{ID: sid, Kind: graph.Credential, Type: typ, Name: name, Attrs: nattrs, Evidence: a.evs[:1:1]})
		e.edge(sid, e.repo.ID(), graph.PartOf, nil, a.evs[:1:1])
		attrs := map[string]string{}
		for k, vs := range a.attrs {
			slices.Sort(vs)
			switch k {
			case "dynamic", graph.AttrAWSAccessKey, "inherit":
				attrs[k] = vs[0] // "true"
			default:
				attrs[k] = graph.EncodeList(vs) // where, step, env, input, through, expression
			}
		}
		e.edge(jobID, sid, graph.Uses, attrs, a.evs)
	}
}

// targets writes the roles, Vault roles and Vault secrets a job reaches,
// one edge per target, joining the attributes of several reads (two keys
// of one Vault secret) into comma-separated lists.
func (e *emitter) targets(jobID string, ts []target) {
	type agg struct {
		t   target
		evs []graph.Evidence
	}
	byKey := map[[2]string]*agg{}
	var order [][2]string
	for _, t := range ts {
		k := [2]string{t.edge, t.id}
		ev := graph.Evidence{Connector: Name, Source: t.file, Line: t.line, Basis: graph.Declared}
		a := byKey[k]
		if a == nil {
			c := t
			c.attrs = map[string]string{}
			for k, v := range t.attrs {
				c.attrs[k] = v
			}
			byKey[k], order = &agg{t: c, evs: []graph.Evidence{ev}}, append(order, k)
			continue
		}
		for k, v := range t.attrs {
			if k == graph.AttrEnv || k == "key" {
				graph.AppendList(a.t.attrs, k, graph.DecodeList(v)...)
			} else if old, ok := a.t.attrs[k]; !ok {
				a.t.attrs[k] = v
			} else if !slices.Contains(strings.Split(old, ","), v) {
				a.t.attrs[k] = old + "," + v
			}
		}
		if !slices.Contains(a.evs, ev) {
			a.evs = append(a.evs, ev)
		}
	}
	for _, k := range order {
		a := byKey[k]
		e.node(graph.Node{ID: a.t.id, Kind: graph.NodeKind(a.t.kind), Type: a.t.typ, Name: a.t.name, Evidence: a.evs[:1:1]})
		e.edge(jobID, a.t.id, graph.EdgeKind(a.t.edge), a.t.attrs, a.evs)
	}
}

// inlineAttr records credentials written into the file by fingerprint
// only (secretlit records), the file relative to the repository by rel.
func inlineAttr(vs []inlineValue, rel func(string) string) string {
	recs := make([]secretlit.Record, 0, len(vs))
	for _, v := range vs {
		recs = append(recs, secretlit.Record{Key: v.key, Fingerprint: v.fingerprint, File: rel(v.file), Line: v.line})
	}
	return secretlit.Encode(recs)
}
