package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// rbacEstate: a Secret a workload uses, that a CI service account and an
// auditors group may read through RBAC, and a workload that runs as that
// service account.
func rbacEstate() *graph.Graph {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "estate", Basis: graph.Configured}}
	for _, n := range []graph.Node{
		{ID: "k8s:prod/payments/secret/stripe", Kind: graph.Credential, Type: "k8s-secret", Name: "stripe"},
		{ID: "k8s:prod/payments/deployment/api", Kind: graph.Workload, Type: "k8s-workload", Name: "api"},
		{ID: "k8s:prod/ci/serviceaccount/deployer", Kind: graph.Identity, Type: "k8s-service-account", Name: "deployer"},
		{ID: "k8s:prod/ci/deployment/runner", Kind: graph.Workload, Type: "k8s-workload", Name: "runner"},
		{ID: "k8s:prod/group/auditors", Kind: graph.Identity, Type: "k8s-group", Name: "auditors"},
	} {
		n.Evidence = ev
		b.AddNode(n)
	}
	for _, e := range []graph.Edge{
		{From: "k8s:prod/payments/deployment/api", To: "k8s:prod/payments/secret/stripe", Kind: graph.Uses, Attrs: map[string]string{"via": "env"}},
		{From: "k8s:prod/ci/serviceaccount/deployer", To: "k8s:prod/payments/secret/stripe", Kind: graph.Reads, Attrs: map[string]string{"via": "rbac", "verbs": "get"}},
		{From: "k8s:prod/group/auditors", To: "k8s:prod/payments/secret/stripe", Kind: graph.Reads, Attrs: map[string]string{"via": "rbac", "verbs": "list,watch"}},
		{From: "k8s:prod/ci/deployment/runner", To: "k8s:prod/ci/serviceaccount/deployer", Kind: graph.RunsAs},
	} {
		e.Evidence = ev
		b.AddEdge(e)
	}
	return b.Build()
}

// TestRBACReaders: a plan for a Kubernetes Secret names who may read it
// through RBAC, without taking what runs as them for a consumer.
func TestRBACReaders(t *testing.T) {
	tests := []struct {
		action Action
		want   map[string]Class
	}{
		{Rotate, map[string]Class{
			"k8s:prod/payments/deployment/api":    Restart,
			"k8s:prod/ci/serviceaccount/deployer": Auto,
			"k8s:prod/group/auditors":             Auto,
		}},
		{Delete, map[string]Class{
			"k8s:prod/payments/deployment/api":    Breaks,
			"k8s:prod/ci/serviceaccount/deployer": MayBreak,
			"k8s:prod/group/auditors":             MayBreak,
		}},
	}
	for _, tt := range tests {
		p := plan(t, rbacEstate(), Change{Action: tt.action, Targets: []string{"k8s:prod/payments/secret/stripe"}})
		if diff := cmp.Diff(tt.want, classes(p)); diff != "" {
			t.Errorf("%s: classes (-want +got):\n%s", tt.action, diff)
		}
	}
}
