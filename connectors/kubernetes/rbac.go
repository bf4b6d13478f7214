package kubernetes

import (
	"encoding/json"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// rbacRule is one rule of a Role or ClusterRole, as the `rules` attribute
// of its node keeps it (docs/kubernetes.md).
type rbacRule struct {
	APIGroups       []string `json:"apiGroups"`
	Resources       []string `json:"resources,omitempty"`
	ResourceNames   []string `json:"resourceNames,omitempty"`
	Verbs           []string `json:"verbs"`
	NonResourceURLs []string `json:"nonResourceURLs,omitempty"`
	Line            int      `json:"line"`
}

// role maps a Role or ClusterRole: a policy node whose `rules` attribute
// holds its rules as JSON. Aggregated ClusterRoles keep their selector in
// `aggregation_rule`; their rules are filled in by the cluster, not here.
func (e *emitter) role(o scope) {
	namespaced := o.Kind == "Role"
	id, typ := o.clusterObjectID(o.Kind, o.Name), "k8s-cluster-role"
	if namespaced {
		id, typ = o.objectID(o.Kind, o.Name), "k8s-role"
	}
	a := baseAttrs(o, namespaced)
	var rules []rbacRule
	for _, r := range o.items(o.get(o.Root, "rules")) {
		rules = append(rules, rbacRule{APIGroups: o.strs(o.get(r, "apiGroups")), Resources: o.strs(o.get(r, "resources")),
			ResourceNames: o.strs(o.get(r, "resourceNames")), Verbs: o.strs(o.get(r, "verbs")),
			NonResourceURLs: o.strs(o.get(r, "nonResourceURLs")), Line: yamlnode.Line(r, o.Line)})
	}
	if rules == nil {
		rules = []rbacRule{}
	}
	data, _ := json.Marshal(rules)
	a["rules"] = string(data)
	if ar := o.get(o.Root, "aggregationRule"); ar != nil {
		a["aggregation_rule"] = "true"
	}
	e.node(graph.Node{ID: id, Kind: graph.Policy, Type: typ, Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[id] = true
	e.place(o, id, namespaced)
}

// binding maps a RoleBinding or ClusterRoleBinding: each subject holds
// (has_policy) the role it names, with the namespace the grant applies in
// (`scope`: the binding's namespace, or `*` for a ClusterRoleBinding).
func (e *emitter) binding(o scope) {
	ref := o.get(o.Root, "roleRef")
	refKind, refName := str(o.get(ref, "kind")), str(o.get(ref, "name"))
	line := yamlnode.Line(ref, o.Line)
	if refName == "" || refKind != "Role" && refKind != "ClusterRole" {
		e.b.Diagnose(graph.Diagnostic{Connector: Name, File: o.File, Line: line, Severity: graph.Warning,
			Message: fmt.Sprintf("%s %s: roleRef names no Role or ClusterRole; binding skipped (set roleRef.kind and roleRef.name)", o.Kind, o.Name)})
		return
	}
	scopeNS := "*"
	if o.Kind == "RoleBinding" {
		scopeNS = o.Namespace
	}
	roleID, typ := o.clusterObjectID("ClusterRole", refName), "k8s-cluster-role"
	if refKind == "Role" {
		roleID, typ = o.objectID("Role", refName), "k8s-role"
	}
	if !e.seen[roleID] {
		e.stub(roleID, graph.Policy, typ, refName, map[string]string{"cluster": o.cluster}, o.File, line)
	}
	for _, s := range o.items(o.get(o.Root, "subjects")) {
		kind, name, sline := str(o.get(s, "kind")), str(o.get(s, "name")), yamlnode.Line(s, o.Line)
		if name == "" {
			continue
		}
		var sid string
		switch kind {
		case "ServiceAccount":
			ns := str(o.get(s, "namespace"))
			if ns == "" {
				ns = o.Namespace
			}
			so := o
			so.Object = &Object{File: o.File, Line: sline, Kind: kind, Name: name, Namespace: ns, Root: s}
			sid = so.objectID("ServiceAccount", name)
			e.serviceAccountStub(so, sid, name, sline)
		case "User", "Group":
			sid = o.clusterObjectID(kind, name)
			e.stub(sid, graph.Identity, "k8s-"+map[string]string{"User": "user", "Group": "group"}[kind], name,
				map[string]string{"cluster": o.cluster}, o.File, sline)
		default:
			continue
		}
		e.edge(sid, roleID, graph.HasPolicy, map[string]string{"via": o.Kind, "binding": o.Name, "scope": scopeNS}, o.File, sline)
	}
}

// strs reads a sequence of scalars, or one scalar, as strings, trimmed;
// an empty string is kept (apiGroups: [""] is the core group), a null or
// an item that is not a string is left out.
func (rd *reader) strs(n *yaml.Node) []string {
	list, _, _ := rd.walk.StrList(n)
	var out []string
	for _, s := range list {
		out = append(out, s.Value)
	}
	return out
}

// isRBAC reports whether an apiVersion is Kubernetes RBAC's (other APIs
// have kinds named Role, as some operators' CRDs do).
func isRBAC(apiVersion string) bool {
	return strings.HasPrefix(apiVersion, "rbac.authorization.k8s.io/")
}
