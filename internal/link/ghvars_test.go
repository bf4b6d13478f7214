package link

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestGitHubVars(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Basis: graph.Declared}}
	repo := "github.com/northwind/payments-api"
	b.AddNode(graph.Node{ID: repo, Kind: graph.Location, Type: "git-repo", Evidence: ev,
		Attrs: map[string]string{"var.DEPLOY_ROLE": "arn:aws:iam::111122223333:role/payments-deploy", "var.REGION": "eu-west-1"}})
	b.AddNode(graph.Node{ID: repo + "/environments/production", Kind: graph.Location, Type: "ci-environment", Evidence: ev,
		Attrs: map[string]string{"var.DEPLOY_ROLE": "arn:aws:iam::444455556666:role/payments-prod"}})
	job := func(id, env, unresolved string) {
		b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: "ci-job", Evidence: ev,
			Attrs: map[string]string{"environment": env, "unresolved": unresolved}})
		b.AddEdge(graph.Edge{From: id, To: repo, Kind: graph.PartOf, Evidence: ev})
	}
	job(repo+"/w.yml#test", "", "role-to-assume: ${{ vars.DEPLOY_ROLE }}")
	job(repo+"/w.yml#prod", "production", `["vault role: x, y","role-to-assume: ${{vars.DEPLOY_ROLE}}"]`)
	job(repo+"/w.yml#region", "", "role-to-assume: ${{ vars.REGION }}")
	job(repo+"/w.yml#secret", "", "role-to-assume: ${{ secrets.ROLE }}")
	g := b.Build()
	out := graph.NewBuilder()
	out.AddGraph(g)
	if err := Run(context.Background(), g, out, GitHubVars()); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range out.Build().Edges() {
		if e.Kind == graph.Assumes {
			got = append(got, e.From+" -> "+e.To+" via "+e.Attrs["via"])
		}
	}
	want := []string{
		repo + "/w.yml#prod -> arn:aws:iam::444455556666:role/payments-prod via vars.DEPLOY_ROLE",
		repo + "/w.yml#test -> arn:aws:iam::111122223333:role/payments-deploy via vars.DEPLOY_ROLE",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("assumes edges (-want +got):\n%s", diff)
	}
}
