package kubernetes

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// rbacRole is what a Role or ClusterRole lets its subjects do to Secrets:
// the read verbs it grants (get, list, watch) and, when every rule that
// grants them names its Secrets, those names.
type rbacRole struct {
	verbs []string
	// names are the Secrets the role is limited to; all is set when a
	// rule grants reading every Secret of its scope.
	names []string
	all   bool
}

// secretReadVerbs are the verbs that return a Secret's data to the caller.
var secretReadVerbs = []string{"get", "list", "watch"}

// roleKey indexes a role by cluster, namespace ("" for a ClusterRole), kind
// and name.
func roleKey(cluster, ns, kind, name string) string {
	return cluster + "/" + ns + "/" + kind + "/" + name
}

// readRole indexes what a role lets its subjects read of Secrets.
func (e *emitter) readRole(o scope) {
	ns := o.Namespace
	if o.Kind == "ClusterRole" {
		ns = ""
	}
	r := &rbacRole{}
	for _, rule := range o.items(o.get(o.Root, "rules")) {
		if !o.anyOf(o.get(rule, "apiGroups"), "", "*") || !o.anyOf(o.get(rule, "resources"), "secrets", "*") {
			continue
		}
		var verbs []string
		for _, v := range o.items(o.get(rule, "verbs")) {
			if s := str(v); s == "*" {
				verbs = append(verbs, secretReadVerbs...)
			} else if slices.Contains(secretReadVerbs, s) {
				verbs = append(verbs, s)
			}
		}
		if len(verbs) == 0 {
			continue
		}
		for _, v := range verbs {
			if !slices.Contains(r.verbs, v) {
				r.verbs = append(r.verbs, v)
			}
		}
		names := o.items(o.get(rule, "resourceNames"))
		if len(names) == 0 {
			r.all = true
		}
		for _, n := range names {
			if s := str(n); s != "" && !slices.Contains(r.names, s) {
				r.names = append(r.names, s)
			}
		}
	}
	if len(r.verbs) > 0 {
		slices.SortFunc(r.verbs, func(a, b string) int { return slices.Index(secretReadVerbs, a) - slices.Index(secretReadVerbs, b) })
		e.roles[roleKey(o.cluster, ns, o.Kind, o.Name)] = r
	}
}

// anyOf reports whether the sequence n holds one of vals.
func (rd *reader) anyOf(n *yaml.Node, vals ...string) bool {
	for _, it := range rd.items(n) {
		if slices.Contains(vals, str(it)) {
			return true
		}
	}
	return false
}

// indexSecret remembers a Secret, for the bindings that let subjects read
// every Secret of its namespace.
func (e *emitter) indexSecret(o scope) {
	k := o.cluster + "/" + o.Namespace
	if !slices.Contains(e.secrets[k], o.Name) {
		e.secrets[k] = append(e.secrets[k], o.Name)
	}
}

// secretReaders maps a RoleBinding or ClusterRoleBinding whose role lets its
// subjects read Secrets: each subject reads each Secret it may get, list or
// watch (basis configured, via rbac). A RoleBinding grants in its own
// namespace, even when it names a ClusterRole; a ClusterRoleBinding in
// every namespace. Secrets are those the scan saw (live or in manifests),
// and the ones a role names.
func (e *emitter) secretReaders(o scope) {
	ref := o.get(o.Root, "roleRef")
	rkind, rname := str(o.get(ref, "kind")), str(o.get(ref, "name"))
	rns := o.Namespace
	if rkind == "ClusterRole" {
		rns = ""
	}
	r := e.roles[roleKey(o.cluster, rns, rkind, rname)]
	if r == nil {
		return
	}
	var targets []scope // a Secret's namespace and name, in scope.Namespace and scope.Name
	add := func(ns, name string) {
		t := o
		obj := *o.Object
		obj.Namespace, obj.NamespaceDefaulted, obj.Name = ns, false, name
		t.Object = &obj
		targets = append(targets, t)
	}
	cluster := o.Kind == "ClusterRoleBinding"
	if r.all {
		var keys []string
		for k := range e.secrets {
			if cl, ns, _ := strings.Cut(k, "/"); cl == o.cluster && (cluster || ns == o.Namespace) {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			_, ns, _ := strings.Cut(k, "/")
			for _, name := range e.secrets[k] {
				add(ns, name)
			}
		}
	} else if !cluster {
		for _, name := range r.names {
			add(o.Namespace, name)
		}
	} else {
		for _, name := range r.names {
			for k := range e.secrets {
				if cl, ns, _ := strings.Cut(k, "/"); cl == o.cluster && slices.Contains(e.secrets[k], name) {
					add(ns, name)
				}
			}
		}
	}
	if len(targets) == 0 {
		return
	}
	bindingName := o.Kind + "/" + o.Name
	if !cluster {
		bindingName = o.Kind + "/" + o.Namespace + "/" + o.Name
	}
	for _, s := range o.items(o.get(o.Root, "subjects")) {
		sid := e.subject(o, s)
		if sid == "" {
			continue
		}
		line := yamlnode.Line(s, o.Line)
		for _, t := range targets {
			tid := t.objectID("Secret", t.Name)
			e.secretStub(t, tid, t.Name, line)
			attrs := map[string]string{"via": "rbac", "role": rkind + "/" + rname, "binding": bindingName,
				"verbs": graph.EncodeList(r.verbs)}
			e.b.AddEdge(graph.Edge{From: sid, To: tid, Kind: graph.Reads, Attrs: attrs,
				Evidence: []graph.Evidence{{Connector: Name, Source: o.File, Line: line, Basis: graph.Configured}}})
		}
	}
}

// subject reports the node of a binding's subject and returns its ID: a
// service account, or a user or group of the cluster.
func (e *emitter) subject(o scope, s *yaml.Node) string {
	kind, name := str(o.get(s, "kind")), str(o.get(s, "name"))
	if name == "" {
		return ""
	}
	switch kind {
	case "ServiceAccount":
		t := o
		obj := *o.Object
		obj.Namespace, obj.NamespaceDefaulted = str(o.get(s, "namespace")), false
		if obj.Namespace == "" {
			obj.Namespace = o.Namespace
		}
		t.Object = &obj
		id := t.objectID("ServiceAccount", name)
		e.serviceAccountStub(t, id, name, yamlnode.Line(s, o.Line))
		return id
	case "User", "Group":
		id := o.clusterObjectID(kind, name)
		if !e.seen[id] {
			defer e.place(o, id, false)
		}
		e.stub(id, graph.Identity, "k8s-"+strings.ToLower(kind), name, map[string]string{"cluster": o.cluster}, o.File, yamlnode.Line(s, o.Line))
		return id
	}
	return ""
}
