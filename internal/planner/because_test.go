package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestBecause: each rotation class names the assumption it rests on.
func TestBecause(t *testing.T) {
	deploy := graph.Node{Type: "k8s-workload", Attrs: map[string]string{"kind": "Deployment"}}
	cron := graph.Node{Type: "k8s-workload", Attrs: map[string]string{"kind": "CronJob"}}
	tests := []struct {
		name  string
		class Class
		node  graph.Node
		edge  graph.Edge
		want  string
	}{
		{"vault agent without a command", Restart, deploy, graph.Edge{Kind: graph.Reads, Attrs: map[string]string{"via": "vault-agent"}},
			"Vault Agent re-renders the file, but without agent-inject-command or a reload signal the application keeps the value it read at start"},
		{"vault agent with a command", Auto, deploy, graph.Edge{Kind: graph.Reads, Attrs: map[string]string{"via": "vault-agent", "reload": "command"}},
			"Vault Agent re-renders the file and runs the agent-inject-command, so the application re-reads it"},
		{"env from a synced Secret", Restart, deploy, graph.Edge{Kind: graph.Uses, Attrs: map[string]string{"via": "env"}},
			"environment variables from a Secret keep the old value until the pod restarts"},
		{"mounted Secret", Restart, deploy, graph.Edge{Kind: graph.Uses, Attrs: map[string]string{"via": "volume"}},
			"the mounted Secret file is updated, but the application must re-read it"},
		{"a CronJob", Auto, cron, graph.Edge{Kind: graph.Uses, Attrs: map[string]string{"via": "envFrom"}},
			"every run starts new pods, which read the current value"},
		{"ESO copy", Auto, graph.Node{Type: "k8s-secret"}, graph.Edge{Kind: graph.CopyOf, Attrs: map[string]string{"synced_by": "k8s:c/ns/externalsecret/db", "refresh_interval": "1h"}},
			"re-synced by k8s:c/ns/externalsecret/db every 1h"},
		{"CSI copy without rotation", Restart, graph.Node{Type: "k8s-secret"}, graph.Edge{Kind: graph.CopyOf, Attrs: map[string]string{"synced_by": "k8s:c/ns/secretproviderclass/db"}},
			"synced by the Secrets Store CSI driver only when a pod mounting the class starts: without rotation enabled on the driver it never updates"},
		{"static copy", UpdateCopy, graph.Node{Type: "ci-secret"}, graph.Edge{Kind: graph.CopyOf},
			"a static copy: nothing syncs it from the source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := because(Rotate, Impact{Node: tt.node, Class: tt.class, Depth: 1, Path: []graph.Edge{tt.edge}})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("because (-want +got):\n%s", diff)
			}
		})
	}
	if got := because(Revoke, Impact{Class: Breaks, Path: []graph.Edge{{Kind: graph.Assumes}}}); got != "" {
		t.Errorf("revoke: because %q, want none", got)
	}
}
