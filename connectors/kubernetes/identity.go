package kubernetes

import (
	"strings"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// IRSA is the annotation that binds a service account to an IAM role.
const annIRSA = "eks.amazonaws.com/role-arn"

// serviceAccount maps a ServiceAccount: its node, its IRSA role, GKE or
// Azure workload identity (assumes) and its image pull secrets.
func (e *emitter) serviceAccount(o scope) {
	id := o.objectID(o.Kind, o.Name)
	a := baseAttrs(o, true)
	if v := str(o.get(o.Root, "automountServiceAccountToken")); v != "" {
		a["automount_service_account_token"] = strings.ToLower(v)
	}
	e.node(graph.Node{ID: id, Kind: graph.Identity, Type: "k8s-service-account", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[id] = true
	e.place(o, id, true)
	for _, an := range o.pairs(o.get(o.get(o.Root, "metadata"), "annotations")) {
		if an.key == annIRSA && strings.TrimSpace(an.val) != "" {
			rid := e.awsRole(o, strings.TrimSpace(an.val), an.line)
			e.edge(id, rid, graph.Assumes, map[string]string{"via": "irsa"}, o.File, an.line)
		}
	}
	e.federation(o, id)
	for _, ps := range o.items(o.get(o.Root, "imagePullSecrets")) {
		if name := str(o.get(ps, "name")); name != "" {
			sid := o.objectID("Secret", name)
			e.secretStub(o, sid, name, yamlnode.Line(ps, o.Line))
			e.edge(id, sid, graph.Uses, map[string]string{"via": "imagePullSecrets"}, o.File, yamlnode.Line(ps, o.Line))
		}
	}
}

// awsRole reports the stub of an IAM role named by an ARN and returns its
// ID. Text that is not an ARN (a ${VAR} left for envsubst) keeps its raw
// text under the unknown-principal scheme of docs/ids.md, unresolved.
func (e *emitter) awsRole(o scope, arn string, line int) string {
	if !strings.HasPrefix(arn, "arn:") || templated(arn) {
		id := "aws-principal:" + arn
		e.stub(id, graph.Identity, "unknown-principal", arn, map[string]string{"unresolved": graph.EncodeList([]string{arn})}, o.File, line)
		return id
	}
	name := arn[strings.LastIndexByte(arn, '/')+1:]
	e.stub(arn, graph.Identity, "aws-role", name, nil, o.File, line)
	return arn
}

// secret maps a Secret by its metadata alone: name, type, labels and
// annotations. Its data and stringData are never read. A service account
// token Secret is the key of its service account (key_of).
func (e *emitter) secret(o scope) {
	id := o.objectID(o.Kind, o.Name)
	a := baseAttrs(o, true)
	typ := str(o.get(o.Root, "type"))
	switch {
	case typ != "":
		a["secret_type"] = typ
	case o.MetadataOnly:
		// The metadata-only API returns no type; a token Secret still
		// names its service account in an annotation.
		a["metadata_only"] = "true"
		if a["annotation.kubernetes.io/service-account.name"] != "" {
			typ = "kubernetes.io/service-account-token"
		}
	default:
		typ = "Opaque"
		a["secret_type"] = typ
	}
	if rec := privateKeys(o, e.recordFile(o.File)); rec != "" {
		a["hardcoded_credentials"] = rec
	}
	defer e.managedSecret(o, id, a)
	e.node(graph.Node{ID: id, Kind: graph.Credential, Type: "k8s-secret", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[id] = true
	e.place(o, id, true)
	if typ == "kubernetes.io/service-account-token" {
		if sa := a["annotation.kubernetes.io/service-account.name"]; sa != "" {
			said := o.objectID("ServiceAccount", sa)
			e.serviceAccountStub(o, said, sa, o.Line)
			e.edge(id, said, graph.KeyOf, map[string]string{"via": "service-account-token"}, o.File, o.Line)
		}
	}
}

// podIdentityAssociation maps an ACK PodIdentityAssociation: the service
// account it names assumes its role through EKS Pod Identity.
func (e *emitter) podIdentityAssociation(o scope) {
	spec := o.get(o.Root, "spec")
	ns, sa := str(o.get(spec, "namespace")), str(o.get(spec, "serviceAccount"))
	arn := str(o.get(spec, "roleARN"))
	if sa == "" || arn == "" {
		return
	}
	e.podIdentity(o, ns, sa, arn, str(o.get(spec, "clusterName")), yamlnode.Line(o.get(spec, "roleARN"), o.Line))
}

// eksctlPodIdentities maps iam.podIdentityAssociations of an eksctl
// ClusterConfig.
func (e *emitter) eksctlPodIdentities(o scope) {
	cluster := str(o.path(o.Root, "metadata", "name"))
	for _, pia := range o.items(o.path(o.Root, "iam", "podIdentityAssociations")) {
		ns, sa, arn := str(o.get(pia, "namespace")), str(o.get(pia, "serviceAccountName")), str(o.get(pia, "roleARN"))
		if sa != "" && arn != "" {
			e.podIdentity(o, ns, sa, arn, cluster, yamlnode.Line(pia, o.Line))
		}
	}
}

func (e *emitter) podIdentity(o scope, ns, sa, arn, eksCluster string, line int) {
	if ns == "" {
		ns = "default"
	}
	o.Namespace, o.NamespaceDefaulted = ns, false
	said := o.objectID("ServiceAccount", sa)
	e.serviceAccountStub(o, said, sa, line)
	rid := e.awsRole(o, arn, line)
	attrs := map[string]string{"via": "eks-pod-identity"}
	if eksCluster != "" {
		attrs["eks_cluster"] = eksCluster
	}
	e.edge(said, rid, graph.Assumes, attrs, o.File, line)
}
