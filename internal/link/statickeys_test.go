package link

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestStaticKeyCopies(t *testing.T) {
	b0 := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "github-actions", Source: "report.yml", Line: 16, Basis: graph.Declared}}
	for _, id := range []string{"r/secrets/AWS_ACCESS_KEY_ID", "r/secrets/AWS_SECRET_ACCESS_KEY", "m/secrets/KEY_ID", "aws-access-key:AKIA1"} {
		b0.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "ci-secret", Evidence: ev})
	}
	b0.AddNode(graph.Node{ID: "r#report", Kind: graph.Workload, Type: "ci-job", Evidence: ev})
	b0.AddNode(graph.Node{ID: "m#mapped", Kind: graph.Workload, Type: "ci-job", Evidence: ev})
	key := map[string]string{"aws_access_key": "true"}
	b0.AddEdge(graph.Edge{From: "r#report", To: "r/secrets/AWS_SECRET_ACCESS_KEY", Kind: graph.Uses, Attrs: key, Evidence: ev})
	b0.AddEdge(graph.Edge{From: "r#report", To: "r/secrets/AWS_ACCESS_KEY_ID", Kind: graph.Uses, Attrs: key, Evidence: ev})
	b0.AddEdge(graph.Edge{From: "m#mapped", To: "m/secrets/KEY_ID", Kind: graph.Uses, Attrs: key, Evidence: ev})
	b0.AddEdge(graph.Edge{From: "m/secrets/KEY_ID", To: "aws-access-key:AKIA1", Kind: graph.CopyOf, Evidence: ev})
	g := b0.Build()
	b := graph.NewBuilder()
	b.AddGraph(g)
	if err := Run(context.Background(), g, b, StaticKeyCopies()); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range b.Build().Edges() {
		if e.Attrs["rule"] == "static-key-copies" {
			got = append(got, e.Key().String())
		}
	}
	want := []string{
		"r/secrets/AWS_ACCESS_KEY_ID -copy_of-> unresolved:aws-access-key:r/secrets/AWS_ACCESS_KEY_ID",
		"r/secrets/AWS_SECRET_ACCESS_KEY -copy_of-> unresolved:aws-access-key:r/secrets/AWS_ACCESS_KEY_ID",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
