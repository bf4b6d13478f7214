package config

import (
	"strings"
	"testing"
)

func TestKubernetesCluster(t *testing.T) {
	tests := []struct {
		yaml, wantErr string
	}{
		{"version: 1\nkubernetes: {cluster: prod-eu}\n", ""},
		{"version: 1\nkubernetes: {cluster: \"\"}\n", ""},
		{"version: 1\nkubernetes:\n  cluster: Prod/EU\n", "f.yaml:3: cluster name \"Prod/EU\""},
	}
	for _, tt := range tests {
		c, err := parse("f.yaml", []byte(tt.yaml), true)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.yaml, err)
			} else if !strings.Contains(tt.yaml, c.Kubernetes.Cluster) {
				t.Errorf("%q: cluster %q", tt.yaml, c.Kubernetes.Cluster)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: error %v, want one containing %q", tt.yaml, err, tt.wantErr)
		}
	}
	if Default().Kubernetes.Cluster != "" {
		t.Error("the default cluster must be empty (taken from paths)")
	}
}
