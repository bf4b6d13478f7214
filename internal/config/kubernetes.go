package config

import "regexp"

// Kubernetes configures the kubernetes connector, which reads manifests met
// in a scan.
type Kubernetes struct {
	// Cluster names the cluster every scanned manifest belongs to. Empty
	// means: take it from the path (.../k8s/<cluster>/... or
	// .../clusters/<cluster>/...), else "default". It becomes part of node
	// IDs (k8s:<cluster>/...).
	Cluster string `yaml:"cluster"`
}

// k8sClusterName is a DNS label, as cluster names are, so that IDs stay
// typable and never hold a slash.
var k8sClusterName = regexp.MustCompile(`^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$`)

func (k Kubernetes) validate(c *Config) []error {
	if k.Cluster != "" && !k8sClusterName.MatchString(k.Cluster) {
		return []error{c.Errorf("kubernetes.cluster", "cluster name %q must be lower-case letters, digits, '.', '_' or '-' (it becomes part of node IDs: k8s:NAME/...)", k.Cluster)}
	}
	return nil
}
