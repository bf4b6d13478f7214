package kubernetes

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// externalSecret maps an ExternalSecret: a workload (the operator acting
// for it) that runs as its store, logs in as the store does, reads each
// remote key, and keeps the target Secret a copy of them.
func (e *emitter) externalSecret(o scope) {
	id := o.objectID(o.Kind, o.Name)
	spec := o.get(o.Root, "spec")
	e.esNode(o, id, spec, true)
	e.esSpec(o, id, spec, o.Name)
}

// clusterExternalSecret maps a ClusterExternalSecret: the ExternalSecret
// it stamps into each namespace it lists. Namespaces chosen by label
// selectors cannot be known from manifests; the node says so.
func (e *emitter) clusterExternalSecret(o scope) {
	id := o.clusterObjectID(o.Kind, o.Name)
	spec := o.get(o.Root, "spec")
	es := o.get(spec, "externalSecretSpec")
	n := e.esNode(o, id, es, false)
	esName := str(o.get(spec, "externalSecretName"))
	if esName == "" {
		esName = o.Name
	}
	var nss []string
	for _, ns := range o.items(o.get(spec, "namespaces")) {
		if s := str(ns); s != "" {
			nss = append(nss, s)
		}
	}
	if len(nss) == 0 {
		n.Attrs["unresolved"] = graph.EncodeList([]string{"namespaces chosen by namespaceSelector(s)"})
	}
	e.node(n)
	for _, ns := range nss {
		no := o
		no.Namespace, no.NamespaceDefaulted = ns, false
		e.esSpec(no, id, es, esName)
	}
}

// esNode builds (and for an ExternalSecret, reports) the workload node of
// an ExternalSecret-like object.
func (e *emitter) esNode(o scope, id string, spec *yaml.Node, namespaced bool) graph.Node {
	a := baseAttrs(o, namespaced)
	if ri := str(o.get(spec, "refreshInterval")); ri != "" {
		a["refresh_interval"] = ri
	}
	if rp := str(o.get(spec, "refreshPolicy")); rp != "" {
		a["refresh_policy"] = rp
	}
	n := graph.Node{ID: id, Kind: graph.Workload, Type: "k8s-workload", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)}
	e.place(o, id, namespaced)
	if namespaced {
		e.node(n)
	}
	return n
}

// storeRef resolves a secretStoreRef (or storeRef) seen from namespace
// o.Namespace: its node ID and, when the scan declared it, the store.
func (e *emitter) storeRef(o scope, ref *yaml.Node) (string, *store) {
	name := str(o.get(ref, "name"))
	if name == "" {
		return "", nil
	}
	kind := str(o.get(ref, "kind"))
	if kind == "" {
		kind = "SecretStore"
	}
	id := o.objectID(kind, name)
	if kind == "ClusterSecretStore" {
		id = o.clusterObjectID(kind, name)
	}
	s := e.stores[id]
	if s == nil && !e.seen[id] {
		e.stub(id, graph.Identity, "eso-secret-store", name, map[string]string{"kind": kind, "cluster": o.cluster}, o.File, yamlnode.Line(ref, o.Line))
		so := o
		so.Kind = kind
		e.place(so, id, kind != "ClusterSecretStore")
	}
	return id, s
}

// esSpec maps an ExternalSecret spec in namespace o.Namespace, for the
// workload id.
func (e *emitter) esSpec(o scope, id string, spec *yaml.Node, defaultTarget string) {
	target := str(o.path(spec, "target", "name"))
	if target == "" {
		target = defaultTarget
	}
	tid := o.objectID("Secret", target)
	tline := yamlnode.Line(o.path(spec, "target", "name"), yamlnode.Line(spec, o.Line))
	ta := map[string]string{"cluster": o.cluster, "namespace": o.Namespace, "synced_by": id}
	if cp := str(o.path(spec, "target", "creationPolicy")); cp != "" {
		ta["creation_policy"] = cp
	}
	e.node(graph.Node{ID: tid, Kind: graph.Credential, Type: "k8s-secret", Name: target, Attrs: ta, Evidence: ev(o.File, tline)})
	if !e.seen[tid] {
		e.seen[tid] = true
		e.place(o, tid, true)
	}
	refresh := str(o.get(spec, "refreshInterval"))
	if refresh == "" {
		refresh = "1h" // the operator's default
	}

	defRef := o.get(spec, "secretStoreRef")
	used := map[string]bool{}
	useStore := func(ref *yaml.Node) (string, *store) {
		sid, s := e.storeRef(o, ref)
		if sid != "" && !used[sid] {
			used[sid] = true
			e.edge(id, sid, graph.RunsAs, map[string]string{"via": "secret-store"}, o.File, yamlnode.Line(ref, o.Line))
			if s != nil {
				e.authEdges(s, id, o.Namespace, sid)
			}
		}
		return sid, s
	}
	type pull struct {
		key        string
		properties []string
		line       int
		sid        string
		s          *store
	}
	var pulls []*pull
	add := func(ref, keyNode *yaml.Node, prop string) {
		key := str(keyNode)
		if key == "" {
			return
		}
		if ref == nil {
			ref = defRef
		}
		sid, s := useStore(ref)
		if sid == "" {
			return
		}
		for _, p := range pulls {
			if p.key == key && p.sid == sid {
				if prop != "" && !slices.Contains(p.properties, prop) {
					p.properties = append(p.properties, prop)
				}
				return
			}
		}
		p := &pull{key: key, line: yamlnode.Line(keyNode, o.Line), sid: sid, s: s}
		if prop != "" {
			p.properties = []string{prop}
		}
		pulls = append(pulls, p)
	}
	for _, d := range o.items(o.get(spec, "data")) {
		rr := o.get(d, "remoteRef")
		add(o.path(d, "sourceRef", "storeRef"), o.get(rr, "key"), str(o.get(rr, "property")))
	}
	var finds []string
	for _, d := range o.items(o.get(spec, "dataFrom")) {
		ref := o.path(d, "sourceRef", "storeRef")
		if ex := o.get(d, "extract"); ex != nil {
			add(ref, o.get(ex, "key"), str(o.get(ex, "property")))
		}
		if f := o.get(d, "find"); f != nil {
			useStore(orDefault(ref, defRef))
			finds = append(finds, "dataFrom.find: "+strings.TrimSpace(str(o.get(f, "path"))+" "+str(o.path(f, "name", "regexp"))))
		}
	}
	if len(pulls) == 0 && len(finds) == 0 && defRef != nil {
		useStore(defRef)
	}
	for _, p := range pulls {
		r := p.s.resolve(p.sid, p.key)
		attrs := map[string]string{}
		if r.unresolved != "" {
			attrs["unresolved"] = graph.EncodeList([]string{r.unresolved})
		}
		e.stub(r.id, graph.Credential, r.typ, r.name, attrs, o.File, p.line)
		ra := map[string]string{"via": "external-secrets", "store": p.sid}
		ca := map[string]string{"synced_by": id, "refresh_interval": refresh}
		if len(p.properties) > 0 {
			ra["property"] = graph.EncodeList(p.properties)
			ca["property"] = ra["property"]
		}
		e.edge(id, r.id, graph.Reads, ra, o.File, p.line)
		e.edge(tid, r.id, graph.CopyOf, ca, o.File, p.line)
	}
	if len(finds) > 0 {
		// Keys found by a search are known only at run time.
		e.node(graph.Node{ID: tid, Kind: graph.Credential, Type: "k8s-secret", Name: target,
			Attrs:    map[string]string{"unresolved": graph.EncodeList(finds)},
			Evidence: ev(o.File, yamlnode.Line(o.get(spec, "dataFrom"), o.Line))})
	}
}

func orDefault(n, def *yaml.Node) *yaml.Node {
	if n == nil {
		return def
	}
	return n
}

// pushSecret maps a PushSecret: the remote keys it writes become copies
// of the local Secret it selects.
func (e *emitter) pushSecret(o scope) {
	id := o.objectID(o.Kind, o.Name)
	spec := o.get(o.Root, "spec")
	e.esNode(o, id, spec, true)
	name := str(o.path(spec, "selector", "secret", "name"))
	if name == "" {
		return
	}
	sid := o.objectID("Secret", name)
	sline := yamlnode.Line(o.path(spec, "selector", "secret", "name"), o.Line)
	e.secretStub(o, sid, name, sline)
	e.edge(id, sid, graph.Uses, map[string]string{"via": "push-secret"}, o.File, sline)
	for _, ref := range o.items(o.get(spec, "secretStoreRefs")) {
		stid, st := e.storeRef(o, ref)
		if stid == "" {
			continue
		}
		e.edge(id, stid, graph.RunsAs, map[string]string{"via": "secret-store"}, o.File, yamlnode.Line(ref, o.Line))
		for _, d := range o.items(o.get(spec, "data")) {
			kn := o.path(d, "match", "remoteRef", "remoteKey")
			if str(kn) == "" {
				continue
			}
			r := st.resolve(stid, str(kn))
			attrs := map[string]string{}
			if r.unresolved != "" {
				attrs["unresolved"] = graph.EncodeList([]string{r.unresolved})
			}
			e.stub(r.id, graph.Credential, r.typ, r.name, attrs, o.File, yamlnode.Line(kn, o.Line))
			e.edge(r.id, sid, graph.CopyOf, map[string]string{"synced_by": id}, o.File, yamlnode.Line(kn, o.Line))
		}
	}
}
