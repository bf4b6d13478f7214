package drift_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/drift"
)

// Versions returns two versions of a small estate: a week apart, a key was
// deactivated, trust was widened, an owner vanished, a role appeared and a
// job went away.
func Versions() (old, new *graph.Graph) {
	build := func(v2 bool) *graph.Graph {
		b := graph.NewBuilder()
		ev := []graph.Evidence{{Connector: "test", Source: "estate", Line: 1}}
		if v2 {
			ev[0].Line = 9 // evidence moving is not a change
		}
		node := func(id string, k graph.NodeKind, typ string, attrs map[string]string) {
			b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Attrs: attrs, Evidence: ev})
		}
		status := "Active"
		sub := "repo:northwind/payments-api:environment:production"
		if v2 {
			status, sub = "Inactive", "repo:northwind/*"
		}
		node("team:payments", graph.Owner, "team", nil)
		node("arn:aws:iam::111122223333:user/svc-backup", graph.Identity, "aws-user", nil)
		node("aws-access-key:AKIAEXAMPLE", graph.Credential, "aws-access-key", map[string]string{"status": status})
		node("arn:aws:iam::111122223333:role/payments-deploy", graph.Identity, "aws-role", nil)
		node("github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", graph.Workload, "ci-job", nil)
		b.AddEdge(graph.Edge{From: "aws-access-key:AKIAEXAMPLE", To: "arn:aws:iam::111122223333:user/svc-backup", Kind: graph.KeyOf})
		b.AddEdge(graph.Edge{From: "github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", To: "arn:aws:iam::111122223333:role/payments-deploy",
			Kind: graph.Assumes, Attrs: map[string]string{"condition.sub": sub}})
		if !v2 {
			b.AddEdge(graph.Edge{From: "arn:aws:iam::111122223333:role/payments-deploy", To: "team:payments", Kind: graph.OwnedBy})
			node("host:batch-01/etc/cron.d/old#1", graph.Workload, "cron-job", nil)
		} else {
			node("arn:aws:iam::111122223333:role/new-admin", graph.Identity, "aws-role", nil)
			b.AddEdge(graph.Edge{From: "arn:aws:iam::111122223333:role/new-admin", To: "team:payments", Kind: graph.OwnedBy})
		}
		return b.Build()
	}
	return build(false), build(true)
}

func TestCompare(t *testing.T) {
	old, new := Versions()
	got := drift.Compare(old, new)
	want := &drift.Report{
		AddedNodes:   []drift.NodeChange{{ID: "arn:aws:iam::111122223333:role/new-admin", Kind: graph.Identity, Type: "aws-role", Owners: []string{"team:payments"}}},
		RemovedNodes: []drift.NodeChange{{ID: "host:batch-01/etc/cron.d/old#1", Kind: graph.Workload, Type: "cron-job"}},
		ChangedNodes: []drift.NodeChange{
			{ID: "arn:aws:iam::111122223333:role/payments-deploy", Kind: graph.Identity, Type: "aws-role",
				Changes: []drift.Change{{Field: "owners", Old: "team:payments", New: ""}}},
			{ID: "aws-access-key:AKIAEXAMPLE", Kind: graph.Credential, Type: "aws-access-key",
				Changes: []drift.Change{{Field: "attrs.status", Old: "Active", New: "Inactive"}}},
		},
		AddedEdges:   []drift.EdgeChange{{From: "arn:aws:iam::111122223333:role/new-admin", To: "team:payments", Kind: graph.OwnedBy}},
		RemovedEdges: []drift.EdgeChange{{From: "arn:aws:iam::111122223333:role/payments-deploy", To: "team:payments", Kind: graph.OwnedBy}},
		ChangedEdges: []drift.EdgeChange{{From: "github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", To: "arn:aws:iam::111122223333:role/payments-deploy", Kind: graph.Assumes,
			Changes: []drift.Change{{Field: "attrs.condition.sub", Old: "repo:northwind/payments-api:environment:production", New: "repo:northwind/*"}}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}
	if !drift.Compare(new, new).Empty() {
		t.Error("a graph differs from itself")
	}
}
