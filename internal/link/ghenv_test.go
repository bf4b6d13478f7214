package link

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestGitHubEnvironments(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "w.yml", Line: 3, Basis: graph.Declared}}
	repo := "github.com/northwind/payments-api"
	b.AddNode(graph.Node{ID: repo, Kind: graph.Location, Type: "git-repo", Evidence: ev})
	b.AddNode(graph.Node{ID: repo + "/environments/production", Kind: graph.Location, Type: "ci-environment", Evidence: ev})
	b.AddNode(graph.Node{ID: "github-team:northwind/payments-leads", Kind: graph.Owner, Type: "team", Evidence: ev})
	b.AddEdge(graph.Edge{From: repo + "/environments/production", To: "github-team:northwind/payments-leads", Kind: graph.OwnedBy,
		Attrs: map[string]string{"role": "required-reviewer"}, Evidence: ev})
	for id, env := range map[string]string{"#deploy": "production", "#staging": "staging", "#test": ""} {
		b.AddNode(graph.Node{ID: repo + "/w.yml" + id, Kind: graph.Workload, Type: "ci-job", Attrs: map[string]string{"environment": env}, Evidence: ev})
		b.AddEdge(graph.Edge{From: repo + "/w.yml" + id, To: repo, Kind: graph.PartOf, Evidence: ev})
	}
	g := b.Build()
	out := graph.NewBuilder()
	out.AddGraph(g)
	if err := Run(context.Background(), g, out, GitHubEnvironments()); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range out.Build().Edges() {
		if e.Attrs["rule"] == "github-environments" {
			got = append(got, e.From+" -> "+e.To)
		}
	}
	want := []string{
		repo + "/w.yml#deploy -> github-team:northwind/payments-leads",
		repo + "/w.yml#deploy -> " + repo + "/environments/production",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
