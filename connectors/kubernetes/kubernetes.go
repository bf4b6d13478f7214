// Package kubernetes reads Kubernetes manifests met in a scan — plain YAML
// or JSON, multi-document files, List kinds, the rendered output of Helm or
// Kustomize — and maps the non-human identities in them: workloads and the
// service accounts they run as, the Secrets they consume, IRSA and EKS Pod
// Identity roles, GKE and Azure Workload Identity bindings, Vault Agent
// injector logins and reads, External Secrets
// Operator stores and the Secrets they sync, and Secrets Store CSI provider
// classes. docs/kubernetes.md is the reference.
//
// It never reads a Secret's data: only its metadata.
package kubernetes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	pathpkg "path"
	"regexp"
	"strings"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "kubernetes"

// DefaultCluster names the cluster of manifests whose cluster neither the
// configuration nor their path says.
const DefaultCluster = "default"

// Connector reads Kubernetes manifests.
type Connector struct {
	cluster string
	live    config.KubernetesLive
}

// New returns the kubernetes connector configured by cfg (nil for the
// defaults).
func New(cfg *config.Config) *Connector {
	c := &Connector{}
	if cfg != nil {
		c.cluster = cfg.Kubernetes.Cluster
	}
	c.live = liveOf(cfg)
	return c
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "Kubernetes manifests (*.yaml, *.yml, *.json with apiVersion and kind; Helm/Kustomize rendered output): workloads, service accounts (IRSA, Pod Identity, GKE and Azure Workload Identity), Secrets (metadata only), Vault Agent annotations, External Secrets Operator, Secrets Store CSI, Vault Secrets Operator, cert-manager (Certificate, Issuer, ClusterIssuer, CertificateRequest), TLS of Ingress and Gateway, RBAC roles, bindings and secret readers; " +
			"and, when kubernetes.live lists kubeconfig contexts or in_cluster, the same objects read-only from each cluster's API (Secrets through the metadata-only API)",
		"read access to the files; for the live path, a kubeconfig context or the pod's service account bound to a ClusterRole with list on namespaces, serviceaccounts, pods, secrets (metadata only), deployments, statefulsets, daemonsets, replicasets, cronjobs, jobs, roles, rolebindings, clusterroles, clusterrolebindings and the External Secrets, Secrets Store CSI and Vault Secrets Operator resources (deploy/kubernetes/rbac.yaml)"
}

var (
	apiVersionLine = regexp.MustCompile(`(?m)^[ \t]*(?:-[ \t]+)?["']?apiVersion["']?[ \t]*:[ \t]*["']?([^\s"'#]*)`)
	kindLine       = regexp.MustCompile(`(?m)^[ \t]*(?:-[ \t]+)?["']?kind["']?[ \t]*:`)
)

// Claims takes YAML and JSON files whose head shows apiVersion and kind,
// except the files other connectors own: CI definitions, Backstage entities
// and owners files.
func (*Connector) Claims(p string, head []byte) bool {
	if head == nil {
		return false
	}
	ext := strings.ToLower(pathpkg.Ext(p))
	if ext != ".yaml" && ext != ".yml" && ext != ".json" {
		return false
	}
	base := pathpkg.Base(p)
	if strings.Contains(p, ".github/workflows/") || strings.HasPrefix(base, ".gitlab-ci") ||
		strings.HasPrefix(base, "convene-owners.") || strings.Contains(p, "/.gitlab/") {
		return false
	}
	if ext == ".json" {
		if !bytes.Contains(head, []byte(`"apiVersion"`)) || !bytes.Contains(head, []byte(`"kind"`)) {
			return false
		}
		return !bytes.Contains(head, []byte(`"backstage.io/`))
	}
	m := apiVersionLine.FindSubmatch(head)
	if m == nil || !kindLine.Match(head) {
		return false
	}
	return !bytes.HasPrefix(m[1], []byte("backstage.io/"))
}

// Discover reads every manifest, then maps the objects. It reads all files
// before mapping any, so that an ExternalSecret finds its store and a pod
// its SecretProviderClass wherever in the tree they are declared. It
// returns an error only when ctx is done.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	log := zerolog.Ctx(ctx)
	var objs []Object
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			if u := errors.Unwrap(err); u != nil {
				err = u
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
				Message: fmt.Sprintf("cannot read manifest: %v; give convene read access or exclude it", err)})
			continue
		}
		got, diags := Parse(p, data)
		for _, d := range diags {
			b.Diagnose(d)
		}
		objs = append(objs, got...)
	}
	log.Debug().Int("files", len(files)).Int("objects", len(objs)).Msg("manifests read")
	if c.live.Enabled() {
		got, err := c.readLive(ctx, b)
		if err != nil {
			return err
		}
		log.Debug().Int("objects", len(got)).Msg("clusters read")
		objs = append(objs, got...)
	}
	return Emit(ctx, objs, c.ClusterOf, b)
}

// ClusterOf names the cluster a manifest belongs to: the configured name;
// else the folder after a "k8s" or "clusters" folder in its path (the
// layout of GitOps repositories for Flux and Argo CD); else "default".
func (c *Connector) ClusterOf(file string) string {
	if c.cluster != "" {
		return c.cluster
	}
	segs := strings.Split(strings.ReplaceAll(file, `\`, "/"), "/")
	for i := len(segs) - 3; i >= 0; i-- {
		if (segs[i] == "k8s" || segs[i] == "clusters") && segs[i+1] != "" && segs[i+1] != "." && segs[i+1] != ".." {
			return strings.ToLower(segs[i+1])
		}
	}
	return DefaultCluster
}
