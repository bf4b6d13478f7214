package link

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestAgentMCP(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "claude.yml", Line: 20, Basis: graph.Declared}}
	node := func(id, typ string, attrs map[string]string) {
		b.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: typ, Attrs: attrs, Evidence: ev})
	}
	b.AddNode(graph.Node{ID: "github.com/o/r", Kind: graph.Location, Type: "git-repo", Evidence: ev})
	node("github.com/o/r/.github/workflows/a.yml#agent", "ai-agent", map[string]string{"agent_mcp_config": "./.mcp.json"})
	node("github.com/o/r/.github/workflows/b.yml#tmp", "ai-agent", map[string]string{"agent_mcp_config": "${RUNNER_TEMP}/mcp.json"})
	node("github.com/o/r/.mcp.json#github", "mcp-server", nil)
	node("github.com/o/r/.vscode/mcp.json#other", "mcp-server", nil)
	node("github.com/o/x/.mcp.json#github", "mcp-server", nil)
	for _, j := range []string{"github.com/o/r/.github/workflows/a.yml#agent", "github.com/o/r/.github/workflows/b.yml#tmp"} {
		b.AddEdge(graph.Edge{From: j, To: "github.com/o/r", Kind: graph.PartOf, Evidence: ev})
	}
	g := b.Build()
	if err := AgentMCP().Apply(context.Background(), g, b); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range b.Build().Edges() {
		if e.Kind == graph.DependsOn {
			got = append(got, e.From+" -> "+e.To)
		}
	}
	want := []string{"github.com/o/r/.github/workflows/a.yml#agent -> github.com/o/r/.mcp.json#github"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("depends_on edges (-want +got):\n%s", diff)
	}
}
