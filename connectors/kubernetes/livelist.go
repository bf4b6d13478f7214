package kubernetes

import (
	"context"
	"fmt"
	"slices"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/metadata"

	"github.com/convene-dev/convene/graph"
)

// resource is a resource type the live path lists, and the kind of its
// objects.
type resource struct {
	gvr  schema.GroupVersionResource
	kind string
}

func res(group, version, plural, kind string) resource {
	return resource{schema.GroupVersionResource{Group: group, Version: version, Resource: plural}, kind}
}

// builtin are the resource types every cluster serves, listed through the
// dynamic client. Secrets are not among them: they are listed through the
// metadata client only (secretsResource).
var builtin = []resource{
	res("", "v1", "namespaces", "Namespace"),
	res("", "v1", "serviceaccounts", "ServiceAccount"),
	res("apps", "v1", "deployments", "Deployment"),
	res("apps", "v1", "statefulsets", "StatefulSet"),
	res("apps", "v1", "daemonsets", "DaemonSet"),
	res("apps", "v1", "replicasets", "ReplicaSet"),
	res("batch", "v1", "cronjobs", "CronJob"),
	res("batch", "v1", "jobs", "Job"),
	res("", "v1", "pods", "Pod"),
	res("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole"),
	res("rbac.authorization.k8s.io", "v1", "roles", "Role"),
	res("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding"),
	res("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding"),
}

// secretsResource is listed through the metadata-only API.
var secretsResource = res("", "v1", "secrets", "Secret")

// optional are the custom resources read when their CRDs are installed,
// by API group: plural to kind.
var optional = map[string]map[string]string{
	"external-secrets.io": {"secretstores": "SecretStore", "clustersecretstores": "ClusterSecretStore",
		"externalsecrets": "ExternalSecret", "clusterexternalsecrets": "ClusterExternalSecret", "pushsecrets": "PushSecret"},
	"secrets-store.csi.x-k8s.io": {"secretproviderclasses": "SecretProviderClass"},
	"secrets.hashicorp.com": {"vaultconnections": "VaultConnection", "vaultauths": "VaultAuth",
		"vaultstaticsecrets": "VaultStaticSecret", "vaultdynamicsecrets": "VaultDynamicSecret", "vaultpkisecrets": "VaultPKISecret"},
}

// maxRestarts bounds how often a list whose continue token expired (410)
// starts again from the first page.
const maxRestarts = 3

// clusterReader lists one cluster's objects.
type clusterReader struct {
	cluster string
	timeout time.Duration
	limit   int64
	disc    *discoverer
	dyn     dynamic.Interface
	meta    metadata.Interface
	b       *graph.Builder
	// reachable is set once any call succeeded: a cluster where none did
	// is reported as not read.
	reachable bool
	lastErr   error
}

// read lists the built-in resources, Secrets by metadata, then the custom
// resources discovery finds.
func (r *clusterReader) read(ctx context.Context) ([]Object, error) {
	var objs []Object
	crds, err := r.discover(ctx)
	if err != nil {
		return nil, err // the server did not answer: nothing more to try
	}
	for _, rs := range append(slices.Clone(builtin), crds...) {
		got, err := r.listDynamic(ctx, rs)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			r.fail(rs, err)
			continue
		}
		objs = append(objs, got...)
	}
	got, err := r.listSecrets(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		r.fail(secretsResource, err)
	}
	objs = append(objs, got...)
	if !r.reachable {
		return nil, r.lastErr
	}
	return collapse(objs), nil
}

// fail reports a resource type that could not be listed.
func (r *clusterReader) fail(rs resource, err error) {
	r.lastErr = err
	what := rs.gvr.Resource
	if rs.gvr.Group != "" {
		what += "." + rs.gvr.Group
	}
	msg := fmt.Sprintf("cannot list %s: %v; the rest of the cluster was read", what, err)
	if apierrors.IsForbidden(err) {
		r.reachable = true // the server answered
		msg = fmt.Sprintf("list %s is forbidden to convene's credentials; grant list on it (deploy/kubernetes/rbac.yaml holds the read-only ClusterRole); the rest of the cluster was read", what)
	}
	r.b.Diagnose(graph.Diagnostic{Connector: Name, File: "k8s-api:" + r.cluster, Severity: graph.Warning, Message: msg})
}

// discover returns the custom resources of optional whose CRDs the
// cluster serves, at each group's preferred version. It is the first call
// to a cluster: an error other than a refusal means the cluster cannot be
// reached.
func (r *clusterReader) discover(ctx context.Context) ([]resource, error) {
	groups, err := r.disc.groups(ctx)
	if err != nil {
		if !forbidden(err) {
			return nil, fmt.Errorf("API discovery: %w", err)
		}
		r.b.Diagnose(graph.Diagnostic{Connector: Name, File: "k8s-api:" + r.cluster, Severity: graph.Warning,
			Message: fmt.Sprintf("API discovery is forbidden: %v; External Secrets, Secrets Store CSI and Vault Secrets Operator resources were not read", err)})
		return nil, nil
	}
	r.reachable = true
	var out []resource
	for _, g := range groups.Groups {
		want := optional[g.Name]
		if want == nil {
			continue
		}
		gv := g.PreferredVersion.GroupVersion
		list, err := r.disc.resources(ctx, gv)
		if err != nil {
			r.b.Diagnose(graph.Diagnostic{Connector: Name, File: "k8s-api:" + r.cluster, Severity: graph.Warning,
				Message: fmt.Sprintf("API discovery of %s failed: %v; its resources were not read", gv, err)})
			continue
		}
		for _, ar := range list.APIResources {
			if kind, ok := want[ar.Name]; ok && slices.Contains(ar.Verbs, "list") {
				out = append(out, res(g.Name, g.PreferredVersion.Version, ar.Name, kind))
			}
		}
	}
	slices.SortFunc(out, func(a, b resource) int {
		if c := compare(a.gvr.Group, b.gvr.Group); c != 0 {
			return c
		}
		return compare(a.gvr.Resource, b.gvr.Resource)
	})
	return out, nil
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// listDynamic lists every object of a resource type across namespaces.
func (r *clusterReader) listDynamic(ctx context.Context, rs resource) ([]Object, error) {
	var objs []Object
	err := r.pages(ctx, func() { objs = objs[:0] }, func(ctx context.Context, opts metav1.ListOptions) (string, error) {
		list, err := r.dyn.Resource(rs.gvr).List(ctx, opts)
		if err != nil {
			return "", err
		}
		for _, it := range list.Items {
			if o, ok := r.object(rs, it.Object); ok {
				objs = append(objs, o)
			}
		}
		return list.GetContinue(), nil
	})
	return objs, err
}

// listSecrets lists Secrets as PartialObjectMetadata: the server sends
// names, labels, annotations and owners, never data.
func (r *clusterReader) listSecrets(ctx context.Context) ([]Object, error) {
	var objs []Object
	err := r.pages(ctx, func() { objs = objs[:0] }, func(ctx context.Context, opts metav1.ListOptions) (string, error) {
		list, err := r.meta.Resource(secretsResource.gvr).List(ctx, opts)
		if err != nil {
			return "", err
		}
		for i := range list.Items {
			if o, ok := r.metadataObject(secretsResource, &list.Items[i]); ok {
				objs = append(objs, o)
			}
		}
		return list.GetContinue(), nil
	})
	return objs, err
}

// pages runs page until the server returns no continue token, each call
// under the call timeout. A continue token that expired (410 Gone) starts
// the list again from the first page, after reset, at most maxRestarts
// times.
func (r *clusterReader) pages(ctx context.Context, reset func(), page func(context.Context, metav1.ListOptions) (string, error)) error {
	cont, restarts := "", 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		cctx, cancel := context.WithTimeout(ctx, r.timeout)
		next, err := page(cctx, metav1.ListOptions{Limit: r.limit, Continue: cont})
		cancel()
		if err != nil {
			if cont != "" && (apierrors.IsResourceExpired(err) || apierrors.IsGone(err)) && restarts < maxRestarts {
				restarts++
				cont = ""
				reset()
				continue
			}
			return err
		}
		r.reachable = true
		if next == "" {
			return nil
		}
		cont = next
	}
}
