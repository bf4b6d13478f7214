package kubernetes

import (
	"strings"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// Vault Secrets Operator (secrets.hashicorp.com): a VaultAuth logs in to
// Vault as a role with a service account's token; a VaultStaticSecret or
// VaultDynamicSecret is a workload (the operator acting for it) that runs
// as its VaultAuth, reads a Vault path and keeps a Secret a copy of it.

// vaultAuthObject maps a VaultAuth: an identity that authenticates as its
// Vault role and runs as its service account.
func (e *emitter) vaultAuthObject(o scope) {
	id := o.objectID(o.Kind, o.Name)
	spec := o.get(o.Root, "spec")
	method := str(o.get(spec, "method"))
	a := baseAttrs(o, true)
	if method != "" {
		a["auth_method"] = method
	}
	e.node(graph.Node{ID: id, Kind: graph.Identity, Type: "vso-vault-auth", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[id] = true
	e.place(o, id, true)
	cfg := o.get(spec, method)
	if method == "appRole" {
		return // its role ID names no role
	}
	mount := vaultAuthMount(str(o.get(spec, "mount")), strings.ToLower(method))
	if r := str(o.get(cfg, "role")); r != "" {
		rid := e.vaultRole(o, mount, r, yamlnode.Line(o.get(cfg, "role"), o.Line))
		e.edge(id, rid, graph.AuthenticatesAs, map[string]string{"via": "vault-secrets-operator", "method": method}, o.File, yamlnode.Line(o.get(cfg, "role"), o.Line))
	}
	if sa := str(o.get(cfg, "serviceAccount")); sa != "" {
		said := o.objectID("ServiceAccount", sa)
		e.serviceAccountStub(o, said, sa, yamlnode.Line(o.get(cfg, "serviceAccount"), o.Line))
		e.edge(id, said, graph.RunsAs, map[string]string{"via": "vault-secrets-operator"}, o.File, yamlnode.Line(o.get(cfg, "serviceAccount"), o.Line))
	}
}

// vaultSyncedSecret maps a VaultStaticSecret or VaultDynamicSecret.
func (e *emitter) vaultSyncedSecret(o scope) {
	id := o.objectID(o.Kind, o.Name)
	spec := o.get(o.Root, "spec")
	a := baseAttrs(o, true)
	refresh := str(o.get(spec, "refreshAfter"))
	if refresh != "" {
		a["refresh_interval"] = refresh
	}
	e.node(graph.Node{ID: id, Kind: graph.Workload, Type: "k8s-workload", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.place(o, id, true)

	// vaultAuthRef is "name" or "namespace/name"; none means the
	// operator's default VaultAuth, named "default".
	ref := str(o.get(spec, "vaultAuthRef"))
	if ref == "" {
		ref = "default"
	}
	ao := o
	if ns, name, ok := strings.Cut(ref, "/"); ok {
		obj := *o.Object
		obj.Namespace, obj.NamespaceDefaulted = ns, false
		ao.Object, ref = &obj, name
	}
	aid := ao.objectID("VaultAuth", ref)
	if !e.seen[aid] {
		e.stub(aid, graph.Identity, "vso-vault-auth", ref, map[string]string{"cluster": o.cluster, "namespace": ao.Namespace}, o.File, yamlnode.Line(o.get(spec, "vaultAuthRef"), o.Line))
		e.place(ao, aid, true)
	}
	e.edge(id, aid, graph.RunsAs, map[string]string{"via": "vault-auth"}, o.File, yamlnode.Line(o.get(spec, "vaultAuthRef"), o.Line))

	mount, p := strings.Trim(str(o.get(spec, "mount")), "/"), strings.Trim(str(o.get(spec, "path")), "/")
	if p == "" {
		return
	}
	if mount != "" {
		p = mount + "/" + p
	}
	line := yamlnode.Line(o.get(spec, "path"), o.Line)
	vid := e.vaultSecret(o, p, line)
	e.edge(id, vid, graph.Reads, map[string]string{"via": "vault-secrets-operator", "delivery": "per-run"}, o.File, line)

	target := str(o.path(spec, "destination", "name"))
	if target == "" {
		return
	}
	tid := o.objectID("Secret", target)
	tline := yamlnode.Line(o.path(spec, "destination", "name"), o.Line)
	e.secretStub(o, tid, target, tline)
	attrs := map[string]string{"synced_by": id}
	if refresh != "" {
		attrs["refresh_interval"] = refresh
	}
	e.edge(tid, vid, graph.CopyOf, attrs, o.File, tline)
}
