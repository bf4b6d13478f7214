package graph_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func ev(conn, src string, line int) graph.Evidence {
	return graph.Evidence{Connector: conn, Source: src, Line: line, Basis: graph.Declared}
}

func TestBuilderMergesNodeReports(t *testing.T) {
	b := graph.NewBuilder()
	role := "arn:aws:iam::111122223333:role/deploy"
	b.AddNode(graph.Node{ID: role, Kind: graph.Identity, Type: "aws-role", Name: "deploy",
		Attrs: map[string]string{"path": "/", "tag.team": "payments"}, Evidence: []graph.Evidence{ev("aws", "iam.json", 10)}})
	// A workflow names the same role: a minimal report that adds evidence
	// and one attribute, and disagrees on another.
	b.AddNode(graph.Node{ID: role, Kind: graph.Identity, Type: "aws-role",
		Attrs: map[string]string{"tag.team": "platform", "referenced": "true"}, Evidence: []graph.Evidence{ev("github-actions", "deploy.yml", 7)}})

	g := b.Build()
	got, ok := g.Node(role)
	if !ok {
		t.Fatalf("node %s missing", role)
	}
	want := graph.Node{
		ID: role, Kind: graph.Identity, Type: "aws-role", Name: "deploy",
		Attrs: map[string]string{"path": "/", "tag.team": "payments", "referenced": "true"},
		Evidence: []graph.Evidence{
			ev("aws", "iam.json", 10),
			ev("github-actions", "deploy.yml", 7),
			{Connector: "github-actions", Source: "deploy.yml", Line: 7, Basis: graph.Declared,
				Note: `conflicting attribute tag.team "platform" (kept "payments")`},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged node (-want +got):\n%s", diff)
	}
}

func TestBuilderIsDeterministicUnderConcurrency(t *testing.T) {
	build := func() string {
		b := graph.NewBuilder()
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 200 {
					id := fmt.Sprintf("vault:secret/app%d/db", i%50)
					b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "vault-kv-secret",
						Attrs:    map[string]string{"writer": fmt.Sprint(w)},
						Evidence: []graph.Evidence{ev(fmt.Sprintf("c%d", w), "f", i)}})
					b.AddNode(graph.Node{ID: "job" + fmt.Sprint(i%7), Kind: graph.Workload})
					b.AddEdge(graph.Edge{From: "job" + fmt.Sprint(i%7), To: id, Kind: graph.Reads,
						Evidence: []graph.Evidence{ev(fmt.Sprintf("c%d", w), "f", i)}})
				}
			}()
		}
		wg.Wait()
		return b.Build().String()
	}
	first := build()
	for range 3 {
		if got := build(); got != first {
			t.Fatalf("two builds of the same reports differ:\n%s", cmp.Diff(first, got))
		}
	}
}

func TestBuilderDeduplicatesEdgesAndDropsDangling(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "job", Kind: graph.Workload})
	b.AddNode(graph.Node{ID: "secret", Kind: graph.Credential})
	for range 3 {
		b.AddEdge(graph.Edge{From: "job", To: "secret", Kind: graph.Reads, Evidence: []graph.Evidence{ev("ci", "a.yml", 3)}})
	}
	b.AddEdge(graph.Edge{From: "job", To: "secret", Kind: graph.Uses, Evidence: []graph.Evidence{ev("ci", "a.yml", 4)}})
	b.AddEdge(graph.Edge{From: "job", To: "ghost", Kind: graph.Reads, Evidence: []graph.Evidence{ev("ci", "a.yml", 9)}})
	b.AddNode(graph.Node{ID: "", Kind: graph.Workload, Evidence: []graph.Evidence{ev("ci", "b.yml", 1)}})
	b.AddNode(graph.Node{ID: "x", Kind: "gizmo", Evidence: []graph.Evidence{ev("ci", "b.yml", 2)}})
	b.AddEdge(graph.Edge{From: "job", To: "secret", Kind: "likes"})

	g := b.Build()
	want := `node job kind=workload type="" name=""
node secret kind=credential type="" name=""
edge job -reads-> secret
  evidence ci a.yml:3 (declared)
edge job -uses-> secret
  evidence ci a.yml:4 (declared)
diagnostic error: edge job -likes-> secret has unknown kind "likes"; skipped
diagnostic a.yml:9: warning: edge job -reads-> ghost names node "ghost", which no connector reported; edge dropped [ci]
diagnostic b.yml:1: error: node with no ID (type "", name "") skipped [ci]
diagnostic b.yml:2: error: node "x" has unknown kind "gizmo"; skipped [ci]
`
	if diff := cmp.Diff(want, g.String()); diff != "" {
		t.Errorf("graph (-want +got):\n%s", diff)
	}
}

func TestInOutAndCount(t *testing.T) {
	g := sample()
	var outs, ins []string
	for _, e := range g.Out("job:deploy") {
		outs = append(outs, e.Key().String())
	}
	for _, e := range g.In("vault:secret/payments/db") {
		ins = append(ins, e.Key().String())
	}
	if diff := cmp.Diff([]string{
		"job:deploy -assumes-> arn:aws:iam::111122223333:role/deploy",
		"job:deploy -owned_by-> team:payments",
		"job:deploy -reads-> vault:secret/payments/db",
	}, outs); diff != "" {
		t.Errorf("Out (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{
		"job:deploy -reads-> vault:secret/payments/db",
		"vault-policy:payments -grants-> vault:secret/payments/db",
	}, ins); diff != "" {
		t.Errorf("In (-want +got):\n%s", diff)
	}
	nodes, edges := g.Count()
	if nodes[graph.Workload] != 2 || edges[graph.Reads] != 2 {
		t.Errorf("Count = %v %v", nodes, edges)
	}
}

// sample is a small estate used by several tests.
func sample() *graph.Graph {
	b := graph.NewBuilder()
	add := func(id string, k graph.NodeKind, typ, name string) {
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Name: name, Evidence: []graph.Evidence{ev("test", "sample", 1)}})
	}
	edge := func(from, to string, k graph.EdgeKind) {
		b.AddEdge(graph.Edge{From: from, To: to, Kind: k, Evidence: []graph.Evidence{ev("test", "sample", 2)}})
	}
	add("job:deploy", graph.Workload, "ci-job", "deploy")
	add("job:nightly", graph.Workload, "cron-job", "nightly")
	add("arn:aws:iam::111122223333:role/deploy", graph.Identity, "aws-role", "deploy")
	add("vault:secret/payments/db", graph.Credential, "vault-kv-secret", "db")
	add("vault:secret/orders/db", graph.Credential, "vault-kv-secret", "db")
	add("vault-policy:payments", graph.Policy, "vault-policy", "payments")
	add("team:payments", graph.Owner, "team", "Payments")
	edge("job:deploy", "arn:aws:iam::111122223333:role/deploy", graph.Assumes)
	edge("job:deploy", "vault:secret/payments/db", graph.Reads)
	edge("job:nightly", "job:deploy", graph.Triggers)
	edge("job:nightly", "vault:secret/orders/db", graph.Reads)
	edge("vault-policy:payments", "vault:secret/payments/db", graph.Grants)
	edge("job:deploy", "team:payments", graph.OwnedBy)
	return b.Build()
}

func TestStringIsCanonical(t *testing.T) {
	s := sample().String()
	if !strings.HasPrefix(s, "node arn:aws:iam::111122223333:role/deploy kind=identity") {
		t.Errorf("nodes are not in ID order:\n%s", s)
	}
	if s != sample().String() {
		t.Error("String differs between two builds of the same graph")
	}
}

func TestSharedEvidenceSliceIsNotCorrupted(t *testing.T) {
	shared := []graph.Evidence{ev("b", "f", 2), ev("a", "f", 1), ev("a", "f", 1)}
	keep := append([]graph.Evidence(nil), shared...)
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "x", Kind: graph.Workload, Evidence: shared})
	b.AddNode(graph.Node{ID: "y", Kind: graph.Workload, Evidence: shared})
	b.AddEdge(graph.Edge{From: "x", To: "y", Kind: graph.DependsOn, Evidence: shared})
	g := b.Build()
	if diff := cmp.Diff(keep, shared); diff != "" {
		t.Errorf("the caller's slice changed (-before +after):\n%s", diff)
	}
	want := []graph.Evidence{ev("a", "f", 1), ev("b", "f", 2)}
	for _, got := range [][]graph.Evidence{g.Nodes()[0].Evidence, g.Nodes()[1].Evidence, g.Edges()[0].Evidence} {
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("evidence (-want +got):\n%s", diff)
		}
	}
}
