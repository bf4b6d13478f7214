package jenkins

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// emitter writes one Jenkinsfile's nodes and edges.
type emitter struct {
	b    *graph.Builder
	repo repo.Repo
	file string
}

func (e *emitter) ev(line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: e.file, Line: line, Basis: graph.Declared}}
}

// rel is the Jenkinsfile's path inside the repository.
func (e *emitter) rel() string {
	root := e.repo.Root
	if root == "." || root == "" {
		return strings.TrimPrefix(e.file, "./")
	}
	return strings.TrimPrefix(e.file, root+"/")
}

// emit writes the repository, the pipeline and what it depends on.
func (e *emitter) emit(r *recogniser) {
	repoID := e.repo.ID()
	e.b.AddNode(graph.Node{ID: repoID, Kind: graph.Location, Type: graph.TypeGitRepo, Name: e.repo.Slug(),
		Attrs: map[string]string{"identified_by": e.repo.Source}, Evidence: e.ev(0)})
	id := repoID + "/" + e.rel()
	attrs := map[string]string{"repository": e.repo.Slug(), "path": e.rel(), "style": r.style}
	if len(r.stages) > 0 {
		attrs["stages"] = graph.EncodeList(r.stages)
	}
	if len(r.inline) > 0 {
		recs := make([]secretlit.Record, 0, len(r.inline))
		for _, in := range r.inline {
			recs = append(recs, secretlit.Record{Key: in.key, Fingerprint: in.fingerprint, File: e.rel(), Line: in.line})
		}
		attrs["hardcoded_credentials"] = secretlit.Encode(recs)
	}
	if len(r.registries) > 0 {
		attrs["docker_registries"] = graph.EncodeList(r.registries)
	}
	var sched *graph.Schedule
	var specs []string
	for _, t := range r.triggers {
		s := schedule(t.spec)
		if s == nil {
			r.unresolved = append(r.unresolved, t.kind+" spec is empty")
			continue
		}
		specs = append(specs, t.kind+" "+t.spec)
		if sched == nil {
			sched = s
			attrs["schedule_kind"] = t.kind
		}
	}
	if len(specs) > 1 {
		attrs["schedules"] = graph.EncodeList(specs)
	}
	if len(r.unresolved) > 0 {
		attrs["unresolved"] = graph.EncodeList(r.unresolved)
	}
	e.b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: graph.TypeCIWorkflow, Name: e.rel(), Attrs: attrs, Schedule: sched, Evidence: e.ev(1)})
	e.b.AddEdge(graph.Edge{From: id, To: repoID, Kind: graph.PartOf, Evidence: e.ev(1)})
	e.credentials(id, r.creds)
	for _, ru := range r.roles {
		name := ru.arn[strings.LastIndex(ru.arn, "/")+1:]
		e.b.AddNode(graph.Node{ID: ru.arn, Kind: graph.Identity, Type: graph.TypeAWSRole, Name: name, Evidence: e.ev(ru.line)})
		e.b.AddEdge(graph.Edge{From: id, To: ru.arn, Kind: graph.Assumes, Attrs: nonEmpty(map[string]string{"step": "withAWS", "stage": ru.stage}), Evidence: e.ev(ru.line)})
	}
	for _, vr := range r.reads {
		typ := graph.TypeVaultKVSecret
		if strings.Contains(vr.id, "/roles/") || strings.Contains(vr.id, "/static-roles/") {
			typ = graph.TypeVaultDynamicRole
		}
		e.b.AddNode(graph.Node{ID: vr.id, Kind: graph.Credential, Type: typ, Name: vr.path, Evidence: e.ev(vr.line)})
		attrs := nonEmpty(map[string]string{"step": "withVault", "stage": vr.stage})
		graph.AppendList(attrs, "keys", vr.keys...)
		graph.AppendList(attrs, graph.AttrEnv, vr.envs...)
		e.b.AddEdge(graph.Edge{From: id, To: vr.id, Kind: graph.Reads, Attrs: attrs, Evidence: e.ev(vr.line)})
	}
}

// credentials writes one uses edge per Jenkins credential, however often
// the pipeline binds it, with every binding, variable and stage joined and
// every place as evidence.
func (e *emitter) credentials(id string, uses []credUse) {
	type agg struct {
		bindings, vars, stages, steps []string
		evs                           []graph.Evidence
	}
	by := map[string]*agg{}
	var order []string
	add := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	for _, u := range uses {
		a := by[u.id]
		if a == nil {
			a = &agg{}
			by[u.id] = a
			order = append(order, u.id)
		}
		add(&a.bindings, u.binding)
		add(&a.stages, u.stage)
		add(&a.steps, u.step)
		for _, v := range u.vars {
			add(&a.vars, v)
		}
		if ev := e.ev(u.line)[0]; !slices.Contains(a.evs, ev) {
			a.evs = append(a.evs, ev)
		}
	}
	for _, cid := range order {
		a := by[cid]
		nid := "jenkins-credential:" + cid
		e.b.AddNode(graph.Node{ID: nid, Kind: graph.Credential, Type: graph.TypeJenkinsCredential, Name: cid, Evidence: a.evs[:1]})
		attrs := map[string]string{}
		graph.AppendList(attrs, "binding", a.bindings...)
		graph.AppendList(attrs, "variables", a.vars...)
		graph.AppendList(attrs, "stages", a.stages...)
		graph.AppendList(attrs, "steps", a.steps...)
		e.b.AddEdge(graph.Edge{From: id, To: nid, Kind: graph.Uses, Attrs: attrs, Evidence: a.evs})
	}
}

func nonEmpty(m map[string]string) map[string]string {
	for k, v := range m {
		if v == "" {
			delete(m, k)
		}
	}
	return m
}

// schedule turns a Jenkins cron spec, which may span lines, carry TZ= and
// # comments, into a Schedule: the first timetable line as written and the
// zone TZ= names.
func schedule(spec string) *graph.Schedule {
	var tz, first string
	for _, line := range strings.Split(spec, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "TZ="):
			tz = strings.TrimPrefix(line, "TZ=")
		case first == "":
			first = line
		}
	}
	if first == "" {
		return nil
	}
	return &graph.Schedule{Expr: first, Dialect: graph.Jenkins, TimeZone: tz}
}
