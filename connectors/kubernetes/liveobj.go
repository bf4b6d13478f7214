package kubernetes

import (
	"encoding/json"
	"strings"

	"go.yaml.in/yaml/v3"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The live path hands objects to the same emitter as the manifests: each
// object the API returns is turned into the YAML node tree a manifest of it
// would parse to, so a cluster and its Git manifests give the same node IDs.

// object turns an object of the dynamic client into an Object, less what
// convene never keeps: data and stringData (were a Secret ever to reach
// here), managed fields, status, and the last-applied-configuration
// annotation, which may replay a Secret's data.
func (r *clusterReader) object(rs resource, m map[string]any) (Object, bool) {
	delete(m, "data")
	delete(m, "stringData")
	delete(m, "status")
	if md, ok := m["metadata"].(map[string]any); ok {
		delete(md, "managedFields")
		if an, ok := md["annotations"].(map[string]any); ok {
			for k := range droppedAnnotations {
				delete(an, k)
			}
		}
	}
	if m["kind"] == nil {
		m["kind"] = rs.kind
	}
	if m["apiVersion"] == nil {
		m["apiVersion"] = rs.gvr.GroupVersion().String()
	}
	return r.toObject(rs, m, false)
}

// metadataObject turns a Secret's PartialObjectMetadata into an Object:
// metadata alone, which is all the server sent.
func (r *clusterReader) metadataObject(rs resource, p *metav1.PartialObjectMetadata) (Object, bool) {
	meta := p.ObjectMeta.DeepCopy()
	meta.ManagedFields = nil
	for k := range droppedAnnotations {
		delete(meta.Annotations, k)
	}
	raw, err := json.Marshal(meta)
	if err != nil {
		return Object{}, false
	}
	var md map[string]any
	if json.Unmarshal(raw, &md) != nil {
		return Object{}, false
	}
	return r.toObject(rs, map[string]any{"apiVersion": "v1", "kind": rs.kind, "metadata": md}, true)
}

// toObject encodes m as JSON and decodes it as a YAML node tree, with line
// numbers cleared: evidence of a live object names the API path, not a line.
func (r *clusterReader) toObject(rs resource, m map[string]any, metadataOnly bool) (Object, bool) {
	raw, err := json.Marshal(m)
	if err != nil {
		return Object{}, false
	}
	var doc yaml.Node
	if yaml.Unmarshal(raw, &doc) != nil || len(doc.Content) == 0 {
		return Object{}, false
	}
	clearLines(&doc)
	objs := collect(newReader(), apiPath(r.cluster, rs, m), doc.Content[0], nil, 0)
	if len(objs) != 1 {
		return Object{}, false
	}
	o := objs[0]
	o.Line, o.Cluster, o.MetadataOnly = 0, r.cluster, metadataOnly
	if owner := o.controllerOf(o.Root); owner != "" {
		o.controller = owner
	}
	return o, true
}

func clearLines(n *yaml.Node) {
	n.Line, n.Column = 0, 0
	for _, c := range n.Content {
		clearLines(c)
	}
}

// apiPath is the evidence source of a live object: the cluster and the
// object's path in its API, as kubectl get --raw would name it.
func apiPath(cluster string, rs resource, m map[string]any) string {
	md, _ := m["metadata"].(map[string]any)
	name, _ := md["name"].(string)
	ns, _ := md["namespace"].(string)
	var b strings.Builder
	b.WriteString("k8s-api:" + cluster)
	if rs.gvr.Group == "" {
		b.WriteString("/api/" + rs.gvr.Version)
	} else {
		b.WriteString("/apis/" + rs.gvr.Group + "/" + rs.gvr.Version)
	}
	if ns != "" {
		b.WriteString("/namespaces/" + ns)
	}
	b.WriteString("/" + rs.gvr.Resource + "/" + name)
	return b.String()
}

// controllerOf names the kind of the object's controlling owner, "" when
// nothing controls it.
func (rd *reader) controllerOf(root *yaml.Node) string {
	for _, ref := range rd.items(rd.path(root, "metadata", "ownerReferences")) {
		if isTrue(str(rd.get(ref, "controller"))) {
			return str(rd.get(ref, "kind"))
		}
	}
	return ""
}

// collapsedBy says which owners stand for the objects of a kind: a Pod
// controlled by a ReplicaSet, StatefulSet, DaemonSet or Job is mapped as
// that owner, a ReplicaSet controlled by a Deployment as the Deployment,
// a Job controlled by a CronJob as the CronJob. What a custom controller
// (or nothing) controls is kept: it is the only trace of its workload.
var collapsedBy = map[string][]string{
	"Pod":        {"ReplicaSet", "StatefulSet", "DaemonSet", "Job", "ReplicationController"},
	"ReplicaSet": {"Deployment"},
	"Job":        {"CronJob"},
}

// collapse drops the objects whose controlling owner is read in their
// stead.
func collapse(objs []Object) []Object {
	out := objs[:0]
	for _, o := range objs {
		if owners := collapsedBy[o.Kind]; o.controller != "" && contains(owners, o.controller) {
			continue
		}
		out = append(out, o)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
