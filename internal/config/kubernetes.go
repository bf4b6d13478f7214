package config

import (
	"fmt"
	"regexp"
	"time"
)

// Kubernetes configures the kubernetes connector, which reads manifests met
// in a scan and, when Live is set, clusters through their API.
type Kubernetes struct {
	// Cluster names the cluster every scanned manifest belongs to. Empty
	// means: take it from the path (.../k8s/<cluster>/... or
	// .../clusters/<cluster>/...), else "default". It becomes part of node
	// IDs (k8s:<cluster>/...).
	Cluster string `yaml:"cluster"`
	// Live lists the clusters read through their API; off unless set.
	Live KubernetesLive `yaml:"live"`
}

// KubernetesLive configures the read-only live path of the kubernetes
// connector.
type KubernetesLive struct {
	// Kubeconfig is the kubeconfig file; empty means $KUBECONFIG, else
	// ~/.kube/config.
	Kubeconfig string `yaml:"kubeconfig"`
	// Contexts are the kubeconfig contexts read, one cluster each.
	Contexts []KubeContext `yaml:"contexts"`
	// InCluster reads the cluster convene runs in, with the pod's service
	// account; its cluster name is kubernetes.cluster, else "default".
	InCluster bool `yaml:"in_cluster"`
	// Timeout bounds every API call; 0 means DefaultKubeTimeout.
	Timeout Age `yaml:"timeout"`
	// PageSize is the limit of every list call; 0 means DefaultKubePageSize.
	PageSize int64 `yaml:"page_size"`
}

// KubeContext is one kubeconfig context to read.
type KubeContext struct {
	// Name is the context's name in the kubeconfig.
	Name string `yaml:"name"`
	// Cluster is the cluster name in node IDs, the one its manifests are
	// scanned under so that both meet; empty means the context's name.
	Cluster string `yaml:"cluster"`
}

// The defaults that a zero Timeout or PageSize stands for.
const (
	DefaultKubeTimeout  = 30 * time.Second
	DefaultKubePageSize = 500
)

// Enabled reports whether the configuration asks for the live path.
func (l KubernetesLive) Enabled() bool { return l.InCluster || len(l.Contexts) > 0 }

// CallTimeout is Timeout with its default applied.
func (l KubernetesLive) CallTimeout() time.Duration {
	if l.Timeout == 0 {
		return DefaultKubeTimeout
	}
	return time.Duration(l.Timeout)
}

// Limit is PageSize with its default applied.
func (l KubernetesLive) Limit() int64 {
	if l.PageSize == 0 {
		return DefaultKubePageSize
	}
	return l.PageSize
}

// ClusterName is the cluster name of context k in node IDs.
func (k KubeContext) ClusterName() string {
	if k.Cluster != "" {
		return k.Cluster
	}
	return k.Name
}

// k8sClusterName is a DNS label, as cluster names are, so that IDs stay
// typable and never hold a slash.
var k8sClusterName = regexp.MustCompile(`^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$`)

func (k Kubernetes) validate(c *Config) []error {
	var errs []error
	if k.Cluster != "" && !k8sClusterName.MatchString(k.Cluster) {
		errs = append(errs, c.Errorf("kubernetes.cluster", "cluster name %q must be lower-case letters, digits, '.', '_' or '-' (it becomes part of node IDs: k8s:NAME/...)", k.Cluster))
	}
	l := k.Live
	if l.Timeout < 0 {
		errs = append(errs, c.Errorf("kubernetes.live.timeout", "timeout must not be negative"))
	}
	if l.PageSize < 0 || l.PageSize > 10000 {
		errs = append(errs, c.Errorf("kubernetes.live.page_size", "page_size must be between 1 and 10000 (0 for the default), not %d", l.PageSize))
	}
	seen := map[string]bool{}
	for i, ctx := range l.Contexts {
		key := fmt.Sprintf("kubernetes.live.contexts.%d", i)
		switch {
		case ctx.Name == "":
			errs = append(errs, c.Errorf(key+".name", "a context needs its kubeconfig name"))
		case !k8sClusterName.MatchString(ctx.ClusterName()):
			errs = append(errs, c.Errorf(key+".cluster", "cluster name %q must be lower-case letters, digits, '.', '_' or '-' (it becomes part of node IDs); set cluster: to the name its manifests are scanned under", ctx.ClusterName()))
		case seen[ctx.ClusterName()]:
			errs = append(errs, c.Errorf(key+".cluster", "cluster %q is listed twice", ctx.ClusterName()))
		}
		seen[ctx.ClusterName()] = true
	}
	return errs
}
