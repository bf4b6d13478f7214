package kubernetes

import (
	"context"
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// maxAnnotation is the longest annotation value kept. Longer ones are
// generated blobs (kubectl's last-applied-configuration, Helm release data)
// that may even embed a Secret's data; they are recorded as skipped.
const maxAnnotation = 512

// droppedAnnotations are never kept, whatever their size: they replay the
// whole object, a Secret's data included.
var droppedAnnotations = map[string]bool{
	"kubectl.kubernetes.io/last-applied-configuration": true,
}

// emitter maps objects into a builder. It remembers the stub nodes it has
// reported (namespaces, referenced service accounts and Secrets, remote
// credentials), so that each is reported once per scan with the evidence
// of its first mention.
type emitter struct {
	b         *graph.Builder
	clusterOf func(file string) string
	seen      map[string]bool
	// stores and spcs index SecretStores and SecretProviderClasses by node
	// ID, for the objects that refer to them.
	stores map[string]*store
	spcs   map[string]*providerClass
	// roles index Roles and ClusterRoles by node ID, secrets the Secrets
	// of each cluster and namespace, for the RBAC bindings.
	roles   map[string]*rbacRole
	secrets map[string][]string
	// files caches how inline-secret records name each manifest
	// (recordFile).
	files map[string]string
	ctx   context.Context
}

// recordFile is how inline-secret records name file (recordFile), cached.
func (e *emitter) recordFile(file string) string {
	f, ok := e.files[file]
	if !ok {
		f = recordFile(e.ctx, file)
		e.files[file] = f
	}
	return f
}

// Emit maps objects into b. clusterOf names the cluster of a file.
func Emit(ctx context.Context, objs []Object, clusterOf func(string) string, b *graph.Builder) error {
	e := &emitter{b: b, clusterOf: clusterOf, seen: make(map[string]bool),
		stores: make(map[string]*store), spcs: make(map[string]*providerClass),
		roles: make(map[string]*rbacRole), secrets: make(map[string][]string), files: make(map[string]string), ctx: ctx}
	scoped := make([]scope, len(objs))
	for i := range objs {
		cluster := objs[i].Cluster
		if cluster == "" {
			cluster = clusterOf(objs[i].File)
		}
		scoped[i] = scope{Object: &objs[i], cluster: cluster}
		switch objs[i].Kind {
		case "Role", "ClusterRole":
			e.readRole(scoped[i])
		case "Secret":
			e.indexSecret(scoped[i])
		case "SecretStore", "ClusterSecretStore":
			s := e.readStore(scoped[i])
			e.stores[s.id] = s
		case "SecretProviderClass":
			p := e.readProviderClass(scoped[i])
			e.spcs[p.id] = p
		}
		e.overBudget(scoped[i])
	}
	for i, o := range scoped {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		e.object(o)
		e.overBudget(o)
	}
	return nil
}

// overBudget warns, once for a document, when reading o ran out of the
// document's node budget: the rest of it read as absent.
func (e *emitter) overBudget(o scope) {
	if o.reader.overBudget() {
		e.b.Diagnose(budgetDiag(o.File, o.Line, fmt.Sprintf("%s %q", o.Kind, o.Name)))
	}
}

// scope is an object with the cluster it belongs to.
type scope struct {
	*Object
	cluster string
}

// objectID is the ID of a namespaced object of kind in o's namespace.
func (o scope) objectID(kind, name string) string {
	return "k8s:" + o.cluster + "/" + o.Namespace + "/" + strings.ToLower(kind) + "/" + name
}

// clusterObjectID is the ID of a cluster-scoped object, which has no
// namespace segment.
func (o scope) clusterObjectID(kind, name string) string {
	return "k8s:" + o.cluster + "/" + strings.ToLower(kind) + "/" + name
}

func (o scope) nsID() string { return "k8s:" + o.cluster + "/" + o.Namespace }

func (e *emitter) object(o scope) {
	switch o.Kind {
	case "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob":
		e.workload(o)
	case "ServiceAccount":
		e.serviceAccount(o)
	case "Secret":
		e.secret(o)
	case "Namespace":
		e.namespaceObject(o)
	case "SecretStore", "ClusterSecretStore":
		e.storeNode(e.stores[e.storeID(o)])
	case "ExternalSecret":
		e.externalSecret(o)
	case "ClusterExternalSecret":
		e.clusterExternalSecret(o)
	case "PushSecret":
		e.pushSecret(o)
	case "SecretProviderClass":
		e.providerClassNode(e.spcs[o.objectID(o.Kind, o.Name)])
	case "Certificate", "Issuer", "ClusterIssuer", "CertificateRequest":
		e.certManagerObject(o)
	case "Ingress":
		e.ingress(o)
	case "Gateway":
		if strings.HasPrefix(o.APIVersion, "gateway.networking.k8s.io/") {
			e.gateway(o)
		}
	case "VaultAuth":
		e.vaultAuthObject(o)
	case "VaultStaticSecret", "VaultDynamicSecret":
		e.vaultSyncedSecret(o)
	case "PodIdentityAssociation":
		e.podIdentityAssociation(o)
	case "Role", "ClusterRole":
		if isRBAC(o.APIVersion) {
			e.role(o)
		}
	case "RoleBinding", "ClusterRoleBinding":
		if isRBAC(o.APIVersion) {
			e.binding(o)       // subjects hold the role (has_policy), for the access rules
			e.secretReaders(o) // subjects that may read Secrets read them, for plans
		}
	case "ClusterConfig":
		if strings.HasPrefix(o.APIVersion, "eksctl.io/") {
			e.eksctlPodIdentities(o)
		}
	}
}

func ev(file string, line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: file, Line: line, Basis: graph.Declared}}
}

// node reports a node.
func (e *emitter) node(n graph.Node) { e.b.AddNode(n) }

// stub reports a node known only by reference, once per scan.
func (e *emitter) stub(id string, kind graph.NodeKind, typ, name string, attrs map[string]string, file string, line int) {
	if e.seen[id] {
		return
	}
	e.seen[id] = true
	if templated(id) {
		if attrs == nil {
			attrs = map[string]string{}
		}
		attrs["unresolved"] = graph.EncodeList([]string{name})
	}
	e.b.AddNode(graph.Node{ID: id, Kind: kind, Type: typ, Name: name, Attrs: attrs, Evidence: ev(file, line)})
}

// edge reports an edge.
func (e *emitter) edge(from, to string, kind graph.EdgeKind, attrs map[string]string, file string, line int) {
	e.b.AddEdge(graph.Edge{From: from, To: to, Kind: kind, Attrs: attrs, Evidence: ev(file, line)})
}

// place reports o's cluster and namespace and the part_of edge of the
// object id to its namespace (or to the cluster when namespaced is false).
func (e *emitter) place(o scope, id string, namespaced bool) {
	cid := "k8s:" + o.cluster
	e.stub(cid, graph.Location, "k8s-cluster", o.cluster, nil, o.File, o.Line)
	if !namespaced {
		e.edge(id, cid, graph.PartOf, nil, o.File, o.Line)
		return
	}
	nid := o.nsID()
	if !e.seen[nid] {
		e.stub(nid, graph.Location, "k8s-namespace", o.Namespace, map[string]string{"cluster": o.cluster}, o.File, o.Line)
		e.edge(nid, cid, graph.PartOf, nil, o.File, o.Line)
	}
	e.edge(id, nid, graph.PartOf, nil, o.File, o.Line)
}

// baseAttrs are the attributes every object node carries: kind, API
// version, cluster, namespace, labels and annotations.
func baseAttrs(o scope, namespaced bool) map[string]string {
	a := map[string]string{"kind": o.Kind, "api_version": o.APIVersion, "cluster": o.cluster}
	if namespaced {
		a["namespace"] = o.Namespace
		if o.NamespaceDefaulted {
			a["namespace_defaulted"] = "true"
		}
	}
	if templated(o.Name) {
		a["unresolved"] = graph.EncodeList([]string{o.Name})
	}
	md := o.get(o.Root, "metadata")
	for _, l := range o.pairs(o.get(md, "labels")) {
		a["tag."+l.key] = l.val
	}
	for _, an := range o.pairs(o.get(md, "annotations")) {
		switch {
		case droppedAnnotations[an.key]:
		case len(an.val) > maxAnnotation:
			a["annotation."+an.key] = "(skipped: longer than 512 bytes)"
		default:
			a["annotation."+an.key] = an.val
		}
	}
	return a
}

// namespaceObject reports a Namespace manifest: its labels and
// annotations land on the namespace node.
func (e *emitter) namespaceObject(o scope) {
	o.Namespace, o.NamespaceDefaulted = o.Name, false
	id := o.nsID()
	a := baseAttrs(o, false)
	e.node(graph.Node{ID: id, Kind: graph.Location, Type: "k8s-namespace", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.place(o, id, false)
	e.seen[id] = true
}
