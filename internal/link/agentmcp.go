package link

import (
	"context"
	"path"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// AgentMCP joins an AI agent in CI to the MCP servers it loads: a job of
// type ai-agent whose agent_mcp_config names a file of its repository
// (--mcp-config .mcp.json) depends on every mcp-server configured in that
// file, as the MCP connector names them (<repo>/<path>#<server>). A
// change that reaches those servers then reaches the agent.
func AgentMCP() Rule { return agentMCP{} }

type agentMCP struct{}

func (agentMCP) Name() string { return "agent-mcp" }

func (r agentMCP) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	var servers []graph.Node
	for _, n := range g.Nodes() {
		if n.Kind == graph.Workload && n.Type == graph.TypeMCPServer {
			servers = append(servers, n)
		}
	}
	if len(servers) == 0 {
		return nil
	}
	for _, job := range g.Nodes() {
		if err := ctx.Err(); err != nil {
			return err
		}
		cfg := job.Attrs[graph.AttrAgentMCPConfig]
		if job.Type != graph.TypeAIAgent || cfg == "" {
			continue
		}
		var repoID string
		for _, e := range g.Out(job.ID) {
			if e.Kind == graph.PartOf {
				repoID = e.To
			}
		}
		for _, file := range strings.Split(cfg, ",") {
			if repoID == "" || strings.ContainsAny(file, "$") || path.IsAbs(file) {
				continue // a file the run writes, or outside the repository
			}
			prefix := repoID + "/" + path.Clean(file) + "#"
			for _, s := range servers {
				if !strings.HasPrefix(s.ID, prefix) {
					continue
				}
				ev := graph.Evidence{Connector: connector(r), Basis: graph.Declared, Note: "the agent loads " + file}
				if len(job.Evidence) > 0 {
					ev.Source, ev.Line = job.Evidence[0].Source, job.Evidence[0].Line
				}
				b.AddEdge(graph.Edge{From: job.ID, To: s.ID, Kind: graph.DependsOn,
					Attrs: map[string]string{"rule": r.Name(), "mcp_config": file}, Evidence: []graph.Evidence{ev}})
			}
		}
	}
	return nil
}
