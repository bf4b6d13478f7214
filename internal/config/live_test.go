package config

import (
	"strings"
	"testing"
	"time"
)

func TestKubernetesLive(t *testing.T) {
	tests := []struct {
		yaml, wantErr string
	}{
		{"version: 1\nkubernetes:\n  live:\n    contexts: [{name: prod-eu-admin, cluster: prod-eu}]\n    timeout: 10s\n", ""},
		{"version: 1\nkubernetes:\n  live:\n    contexts: [{name: prod-eu}]\n", ""},
		{"version: 1\nkubernetes:\n  live:\n    contexts: [{name: \"arn:aws:eks:eu-west-1:111122223333:cluster/prod\"}]\n", "must be lower-case"},
		{"version: 1\nkubernetes:\n  live:\n    contexts: [{cluster: prod}]\n", "needs its kubeconfig name"},
		{"version: 1\nkubernetes:\n  live:\n    contexts: [{name: a, cluster: prod}, {name: b, cluster: prod}]\n", "listed twice"},
		{"version: 1\nkubernetes:\n  live:\n    in_cluster: true\n    page_size: 20000\n", "page_size must be between"},
	}
	for _, tt := range tests {
		_, err := parse("f.yaml", []byte(tt.yaml), true)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.yaml, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: error %v, want one containing %q", tt.yaml, err, tt.wantErr)
		}
	}
	d := Default().Kubernetes.Live
	if d.Enabled() || d.CallTimeout() != 30*time.Second || d.Limit() != 500 {
		t.Errorf("defaults: enabled %v, timeout %v, limit %d", d.Enabled(), d.CallTimeout(), d.Limit())
	}
}

func TestAWSOrganization(t *testing.T) {
	tests := []struct {
		yaml, wantErr string
	}{
		{"version: 1\naws:\n  organization: {role_name: convene-read, external_id: x, concurrency: 4}\n", ""},
		{"version: 1\naws:\n  organization: {external_id: x}\n", "external_id needs role_name"},
		{"version: 1\naws:\n  organization: {role_name: \"bad role\"}\n", "is not an IAM role name"},
		{"version: 1\naws:\n  organization: {role_name: r, concurrency: 100}\n", "concurrency must be between 1 and 32"},
	}
	for _, tt := range tests {
		c, err := parse("f.yaml", []byte(tt.yaml), true)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.yaml, err)
			} else if !c.AWS.Live() {
				t.Errorf("%q: organization does not turn the live path on", tt.yaml)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: error %v, want one containing %q", tt.yaml, err, tt.wantErr)
		}
	}
	if Default().AWS.Live() {
		t.Error("the defaults must not reach AWS")
	}
}
