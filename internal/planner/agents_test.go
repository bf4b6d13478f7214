package planner

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// agentEstate is a person's token held as a CI secret by an agent job and,
// as a declared copy in developers' environments, by an MCP server.
func agentEstate() *graph.Graph {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "agents", Line: 1, Basis: graph.Declared}}
	n := func(id string, k graph.NodeKind, typ string, attrs map[string]string) {
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Name: id, Attrs: attrs, Evidence: ev})
	}
	e := func(from, to string, k graph.EdgeKind, attrs map[string]string) {
		b.AddEdge(graph.Edge{From: from, To: to, Kind: k, Attrs: attrs, Evidence: ev})
	}
	n("repo/secrets/AGENT_GITHUB_PAT", graph.Credential, "ci-secret", nil)
	n("repo/.github/workflows/agent.yml#agent", graph.Workload, "ai-agent", map[string]string{"agent": "claude-code"})
	n("repo/env/GITHUB_TOKEN", graph.Credential, "env-var", nil)
	n("repo/.mcp.json#github", graph.Workload, "mcp-server", nil)
	n("repo/.mcp.json#docs", graph.Workload, "mcp-server", nil)
	n("team:payments", graph.Owner, "team", nil)
	n("team:platform", graph.Owner, "team", map[string]string{"roles": "platform"})
	e("repo/.github/workflows/agent.yml#agent", "repo/secrets/AGENT_GITHUB_PAT", graph.Uses, nil)
	e("repo/env/GITHUB_TOKEN", "repo/secrets/AGENT_GITHUB_PAT", graph.CopyOf, nil)
	e("repo/.mcp.json#github", "repo/env/GITHUB_TOKEN", graph.Reads, map[string]string{"delivery": "at-start"})
	e("repo/.github/workflows/agent.yml#agent", "team:payments", graph.OwnedBy, nil)
	e("repo/.mcp.json#github", "team:payments", graph.OwnedBy, nil)
	return b.Build()
}

// TestRotateReachesAgentsAndMCPServers: rotating a token reaches the agent
// that uses it (per run, so automatic once the secret is updated), the
// developers' copy (to update by hand) and the MCP server that reads the
// copy (broken until then), through the edges the connectors write.
func TestRotateReachesAgentsAndMCPServers(t *testing.T) {
	g := agentEstate()
	p := plan(t, g, Change{Action: Rotate, Targets: []string{"repo/secrets/AGENT_GITHUB_PAT"}})
	want := map[string]Class{
		"repo/.github/workflows/agent.yml#agent": Auto,
		"repo/env/GITHUB_TOKEN":                  UpdateCopy,
		"repo/.mcp.json#github":                  Breaks,
	}
	if diff := cmp.Diff(want, classes(p)); diff != "" {
		t.Errorf("impact (-want +got):\n%s", diff)
	}
	// Rotating the developers' copy alone restarts the server.
	p = plan(t, g, Change{Action: Rotate, Targets: []string{"repo/env/GITHUB_TOKEN"}})
	if diff := cmp.Diff(map[string]Class{"repo/.mcp.json#github": Restart}, classes(p)); diff != "" {
		t.Errorf("rotate the copy (-want +got):\n%s", diff)
	}
}

// TestAgentChangeInvitesOwnersAndOperators: a change that touches an
// agent's credentials invites its owner and the platform team that runs
// it, and asks both what the agent can do with hostile input.
func TestAgentChangeInvitesOwnersAndOperators(t *testing.T) {
	p := plan(t, agentEstate(), Change{Action: Revoke, Targets: []string{"repo/secrets/AGENT_GITHUB_PAT"}})
	asked := map[string]bool{}
	for _, inv := range p.Invite {
		asked[inv.Owner] = slices.Contains(inv.Questions, AgentQuestion)
	}
	for _, who := range []string{"team:payments", "team:platform"} {
		if !asked[who] {
			t.Errorf("%s not invited with the agent question; invite: %+v", who, p.Invite)
		}
	}
	// A change that touches no agent asks no one.
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "cred", Kind: graph.Credential, Type: "ci-secret"})
	b.AddNode(graph.Node{ID: "job", Kind: graph.Workload, Type: "ci-job"})
	b.AddEdge(graph.Edge{From: "job", To: "cred", Kind: graph.Uses})
	for _, inv := range plan(t, b.Build(), Change{Action: Revoke, Targets: []string{"cred"}}).Invite {
		if slices.Contains(inv.Questions, AgentQuestion) {
			t.Errorf("%s asked the agent question for a change without agents", inv.Owner)
		}
	}
}
