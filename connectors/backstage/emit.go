package backstage

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// The attributes the connector writes (docs/ownership.md).
const (
	// AttrRef is the entity's full reference, kind:namespace/name.
	AttrRef = "backstage_ref"
	// AttrType is the entity's spec.type (service, website, team, ...).
	AttrType = "backstage_type"
	// AttrOwner is spec.owner as a full reference, such as
	// group:default/payments, which owners-file aliases map to a team.
	AttrOwner = "owner"
	// AttrRepository is the repository node ID the entity is built from.
	AttrRepository = "repository"
	// AttrRepositoryFrom names the annotation AttrRepository was read from.
	AttrRepositoryFrom = "repository_from"
	// AttrUnresolved holds scaffolder placeholders, as a JSON list.
	AttrUnresolved = "unresolved"
	// AttrMembers, AttrMemberOf, AttrParent and AttrChildren carry group
	// membership as JSON lists of node IDs (AttrParent a single ID).
	AttrMembers  = "members"
	AttrMemberOf = "member_of"
	AttrParent   = "parent"
	AttrChildren = "children"
	// AttrEmail is spec.profile.email of a Group or User.
	AttrEmail = "email"
	// AttrLifecycle is spec.lifecycle.
	AttrLifecycle = "lifecycle"
)

// kinds maps an entity kind to its node kind and type. Kinds not listed
// (Template, Location, custom kinds) make no node.
var kinds = map[string]struct {
	kind graph.NodeKind
	typ  string
}{
	"component": {graph.Workload, "service"},
	"resource":  {graph.Workload, "resource"},
	"api":       {graph.Workload, "api"},
	"group":     {graph.Owner, "team"},
	"user":      {graph.Owner, "person"},
	"system":    {graph.Location, "backstage-system"},
	"domain":    {graph.Location, "backstage-domain"},
}

// emitter writes one entity's node and edges.
type emitter struct {
	file string
	e    *Entity
	b    *graph.Builder
	id   string
}

func emit(file string, e *Entity, b *graph.Builder) { emitFS(srcfs.OS, file, e, b) }

// emitFS writes one entity read from file in fsys.
func emitFS(fsys srcfs.FS, file string, e *Entity, b *graph.Builder) {
	defer func() {
		if e.overBudget() {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: e.Line, Severity: graph.Warning, Message: budgetMsg(e.Ref().String())})
		}
	}()
	if e.Kind == "location" {
		checkTargets(fsys, file, e, b)
		return
	}
	k, ok := kinds[e.Kind]
	if !ok {
		return
	}
	em := &emitter{file: file, e: e, b: b, id: e.Ref().NodeID()}
	attrs := map[string]string{AttrRef: e.Ref().String()}
	set(attrs, AttrType, scalar(e.get(e.Spec, "type")))
	set(attrs, AttrLifecycle, scalar(e.get(e.Spec, "lifecycle")))
	set(attrs, AttrEmail, strings.ToLower(scalar(e.get(e.get(e.Spec, "profile"), "email"))))
	if repo, from := repositoryOf(e.Ann); repo != "" {
		attrs[AttrRepository], attrs[AttrRepositoryFrom] = repo, from
	}
	for k, v := range e.Labels {
		attrs["tag."+k] = v
	}
	for k, v := range e.Ann {
		attrs["annotation."+k] = v
	}
	if len(e.Unresolved) > 0 {
		attrs[AttrUnresolved] = graph.EncodeList(e.Unresolved)
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: e.Line, Severity: graph.Warning,
			Message: fmt.Sprintf("%s holds scaffolder placeholders (%s) filled in only when the template runs; the references that use them are left out", e.Ref(), e.Unresolved[0])})
	}
	name := e.Title
	if dn := scalar(e.get(e.get(e.Spec, "profile"), "displayName")); dn != "" {
		name = dn
	}
	if name == "" {
		name = e.Name
	}
	if owner, ok := em.ref("owner", "group"); ok {
		attrs[AttrOwner] = owner.String()
		em.edge(owner, graph.OwnedBy, yamlnode.Line(e.raw(e.Spec, "owner"), 0))
	}
	switch e.Kind {
	case "component", "resource", "api":
		em.refs("system", "system", graph.PartOf)
		em.refs("dependsOn", "", graph.DependsOn)
		em.refs("consumesApis", "api", graph.DependsOn)
		for _, r := range em.refList("dependencyOf", "") {
			em.reverse(r, graph.DependsOn)
		}
		for _, r := range em.refList("providesApis", "api") {
			em.reverse(r, graph.DependsOn) // an API depends on what implements it
		}
		if sub, ok := em.ref("subcomponentOf", "component"); ok {
			attrs["subcomponent_of"] = sub.NodeID()
		}
	case "system":
		em.refs("domain", "domain", graph.PartOf)
	case "domain":
		em.refs("subdomainOf", "domain", graph.PartOf)
	case "group":
		if p, ok := em.ref("parent", "group"); ok {
			attrs[AttrParent] = p.NodeID()
		}
		setIDs(attrs, AttrChildren, em.refList("children", "group"))
		setIDs(attrs, AttrMembers, em.refList("members", "user"))
	case "user":
		setIDs(attrs, AttrMemberOf, em.refList("memberOf", "group"))
	}
	b.AddNode(graph.Node{ID: em.id, Kind: k.kind, Type: k.typ, Name: name, Attrs: attrs, Evidence: em.evidence(e.Line)})
}

// ref reads a single reference of field, with the field's default kind.
func (em *emitter) ref(field, defaultKind string) (Ref, bool) {
	list := em.refList(field, defaultKind)
	if len(list) == 0 {
		return Ref{}, false
	}
	return list[0].Ref, true
}

type lineRef struct {
	Ref
	line int
}

// refList reads the references of field. A reference without the kind a
// field requires, or holding a placeholder, is reported and left out.
func (em *emitter) refList(field, defaultKind string) []lineRef {
	vals, lines := em.e.strs(em.e.raw(em.e.Spec, field))
	var out []lineRef
	for i, v := range vals {
		if strings.Contains(v, "${{") {
			continue // reported once for the entity
		}
		r, ok := ParseRef(v, defaultKind, em.e.Namespace)
		if !ok {
			msg := fmt.Sprintf("%s: spec.%s %q is not an entity reference [kind:][namespace/]name", em.e.Ref(), field, v)
			if defaultKind == "" && !strings.Contains(v, ":") {
				msg = fmt.Sprintf("%s: spec.%s %q has no kind, and Backstage requires one here: write it as component:%s or resource:%s", em.e.Ref(), field, v, v, v)
			}
			em.b.Diagnose(graph.Diagnostic{Connector: Name, File: em.file, Line: lines[i], Severity: graph.Warning, Message: msg + "; reference left out"})
			continue
		}
		out = append(out, lineRef{r, lines[i]})
	}
	return out
}

func (em *emitter) refs(field, defaultKind string, kind graph.EdgeKind) {
	for _, r := range em.refList(field, defaultKind) {
		em.edge(r.Ref, kind, r.line)
	}
}

func (em *emitter) edge(to Ref, kind graph.EdgeKind, line int) {
	em.b.AddEdge(graph.Edge{From: em.id, To: to.NodeID(), Kind: kind, Evidence: em.evidence(line)})
}

func (em *emitter) reverse(r lineRef, kind graph.EdgeKind) {
	em.b.AddEdge(graph.Edge{From: r.NodeID(), To: em.id, Kind: kind, Evidence: em.evidence(r.line)})
}

func (em *emitter) evidence(line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: em.file, Line: line, Basis: graph.Declared}}
}

func set(attrs map[string]string, k, v string) {
	if v != "" {
		attrs[k] = v
	}
}

func setIDs(attrs map[string]string, k string, refs []lineRef) {
	var ids []string
	for _, r := range refs {
		if id := r.NodeID(); !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		slices.Sort(ids)
		attrs[k] = graph.EncodeList(ids)
	}
}
