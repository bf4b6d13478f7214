package gitlabci

import (
	"slices"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// emitter writes one pipeline's nodes and edges.
type emitter struct {
	b    *graph.Builder
	repo repo.Repo
	file string
}

func ev(file string, line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: file, Line: line, Basis: graph.Declared}}
}

func (e *emitter) node(id string, kind graph.NodeKind, typ, name string, attrs map[string]string, evs []graph.Evidence) {
	e.b.AddNode(graph.Node{ID: id, Kind: kind, Type: typ, Name: name, Attrs: attrs, Evidence: evs})
}

func (e *emitter) edge(from, to string, kind graph.EdgeKind, attrs map[string]string, evs []graph.Evidence) {
	e.b.AddEdge(graph.Edge{From: from, To: to, Kind: kind, Attrs: attrs, Evidence: evs})
}

// rel is a file's path inside the repository.
func (e *emitter) rel(file string) string {
	if e.repo.Root == "." || e.repo.Root == "" {
		return strings.TrimPrefix(file, "./")
	}
	return strings.TrimPrefix(file, e.repo.Root+"/")
}

// emit writes the repository, the pipeline and every job that is not hidden.
func (e *emitter) emit(p *pipeline) {
	repoID := e.repo.ID()
	e.node(repoID, graph.Location, "git-repo", e.repo.Slug(), map[string]string{"identified_by": e.repo.Source}, ev(e.file, 0))
	plID := repoID + "/" + e.rel(e.file)
	attrs := map[string]string{"repository": e.repo.Slug(), "path": e.rel(e.file)}
	if len(p.included) > 0 {
		attrs["includes"] = graph.EncodeList(p.included)
	}
	if len(p.unresolved) > 0 {
		attrs["unresolved_includes"] = graph.EncodeList(p.unresolved)
	}
	if len(p.specInputs) > 0 {
		attrs["spec_inputs"] = graph.EncodeList(p.specInputs)
	}
	if inl := inlineAttr(p.globalVars, nil, e.rel); inl != "" {
		attrs["hardcoded_credentials"] = inl
	}
	e.node(plID, graph.Workload, "ci-workflow", e.rel(e.file), attrs, ev(e.file, 1))
	e.edge(plID, repoID, graph.PartOf, nil, ev(e.file, 1))
	for _, name := range p.order {
		if strings.HasPrefix(name, ".") {
			continue // hidden jobs are templates, never run
		}
		if en := p.entries[name]; en == nil || !isMapping(p.deref(en.val)) {
			continue
		}
		e.job(p, p.job(name), plID)
	}
}

// job writes one job and what it depends on.
func (e *emitter) job(p *pipeline, j *job, plID string) {
	id := plID + "#" + j.name
	repoID := e.repo.ID()
	attrs := map[string]string{"pipeline": plID, "project_path": e.repo.Slug()}
	if j.env != "" {
		attrs["environment"] = j.env
	}
	if j.schedule > 0 {
		attrs["runs_on_schedule"] = "true"
	}
	if len(j.extends) > 0 {
		attrs["extends"] = graph.EncodeList(j.extends)
	}
	if len(j.references) > 0 {
		attrs["references"] = graph.EncodeList(j.references)
	}
	var refs []string
	for _, br := range j.branches {
		refs = append(refs, "branch:"+br)
	}
	if j.tags {
		refs = append(refs, "tag:*")
	}
	if j.anyRef {
		refs = append(refs, "branch:*")
	}
	attrs["refs"] = graph.EncodeList(refs)
	var unresolved []string
	if inl := inlineAttr(j.ownVars, j.scripts, e.rel); inl != "" {
		attrs["hardcoded_credentials"] = inl
	}
	jev := ev(j.file, j.line)
	e.edge(id, repoID, graph.PartOf, nil, jev)
	e.variables(j, id)
	e.pkiReads(j, id)
	var subjects []string
	if len(j.idTokens) > 0 {
		var auds []string
		for _, t := range j.idTokens {
			auds = append(auds, t.aud...)
		}
		attrs["id_tokens"] = graph.EncodeList(tokenNames(j.idTokens))
		attrs["aud"] = graph.EncodeList(auds)
		host := e.repo.Host
		if host == "" {
			host = "gitlab.com"
		}
		for _, r := range refs {
			typ, ref, _ := strings.Cut(r, ":")
			sub := "project_path:" + e.repo.Slug() + ":ref_type:" + typ + ":ref:" + ref
			subjects = append(subjects, sub)
			sid := "oidc:" + host + ":" + sub
			tev := ev(j.idTokens[0].file, j.idTokens[0].line)
			e.node(sid, graph.Identity, "ci-oidc-subject", strings.TrimPrefix(sub, "project_path:"),
				map[string]string{"subject": sub, "issuer": "https://" + host, "pattern": strconv.FormatBool(strings.Contains(sub, "*"))}, tev)
			e.edge(id, sid, graph.RunsAs, map[string]string{"aud": graph.EncodeList(auds)}, tev)
		}
		attrs["oidc_subjects"] = graph.EncodeList(subjects)
	}
	unresolved = append(unresolved, e.secrets(p, j, id)...)
	if len(unresolved) > 0 {
		attrs["unresolved"] = graph.EncodeList(unresolved)
	}
	e.b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: graph.TypeCIJob, Name: j.name, Attrs: attrs, Evidence: jev})
}

func tokenNames(ts []idToken) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.name)
	}
	return out
}

// variables writes a uses edge to each project CI/CD variable the job
// takes as a credential (see docs/gitlab-ci.md for the rule).
func (e *emitter) variables(j *job, jobID string) {
	type use struct {
		where []string
		evs   []graph.Evidence
	}
	uses := map[string]*use{}
	var order []string
	secretNames := map[string]bool{}
	for _, s := range j.secrets {
		secretNames[s.name] = true
	}
	for _, t := range j.idTokens {
		secretNames[t.name] = true
	}
	add := func(name, where, file string, line int, force bool) {
		if predefined(name) || secretNames[name] || (!force && !secretish(name)) {
			return
		}
		if _, inFile := findVar(j.vars, name); inFile {
			return
		}
		if name != strings.ToUpper(name) && !secretish(name) {
			return // a shell local, not a CI/CD variable
		}
		u := uses[name]
		if u == nil {
			u = &use{}
			uses[name] = u
			order = append(order, name)
		}
		if !slices.Contains(u.where, where) {
			u.where = append(u.where, where)
		}
		if ev := ev(file, line)[0]; !slices.Contains(u.evs, ev) {
			u.evs = append(u.evs, ev)
		}
	}
	for _, v := range j.vars {
		for _, r := range refs(v.value) {
			add(r, "variable "+v.name, v.file, v.line, secretish(v.name))
		}
	}
	for _, s := range j.scripts {
		force := credentialLine(s.text)
		for _, r := range append(refs(s.text), bareRefs(s.text)...) {
			add(r, "script", s.file, s.line, force)
		}
	}
	if s := awsCLILine(j); s != nil {
		for _, k := range awsEnvKeys {
			add(k, "environment (aws cli)", s.file, s.line, true)
		}
	}
	for _, name := range order {
		u := uses[name]
		vid := e.repo.ID() + "/variables/" + name
		e.node(vid, graph.Credential, "ci-secret", name, map[string]string{"store": "gitlab-ci-variable"}, u.evs[:1])
		e.edge(vid, e.repo.ID(), graph.PartOf, nil, u.evs[:1])
		slices.Sort(u.where)
		e.edge(jobID, vid, graph.Uses, map[string]string{"where": graph.EncodeList(u.where)}, u.evs)
	}
}

// inlineAttr records the credentials written inline in vs and scripts,
// by fingerprint only, the file relative to the repository by rel: a
// variable whose name says it holds a secret (inlineSecret), and a
// credential told by its form (secretlit.Shaped) as any variable's value
// or in a script line.
func inlineAttr(vs []variable, scripts []scriptLine, rel func(string) string) string {
	var out []secretlit.Record
	for _, v := range vs {
		if inlineSecret(v) {
			out = append(out, secretlit.Record{Key: v.name, Fingerprint: secretlit.Fingerprint(v.value), File: rel(v.file), Line: v.line})
			continue
		}
		for _, m := range secretlit.Shaped(v.value) {
			out = append(out, secretlit.Record{Key: m.Key(v.name), Fingerprint: secretlit.Fingerprint(m.Value), File: rel(v.file), Line: v.line})
		}
	}
	for _, s := range scripts {
		for _, m := range secretlit.Shaped(s.text) {
			out = append(out, secretlit.Record{Key: m.Key(""), Fingerprint: secretlit.Fingerprint(m.Value), File: rel(s.file), Line: s.line})
		}
	}
	return secretlit.Encode(out)
}
