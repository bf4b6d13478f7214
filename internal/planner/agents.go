package planner

import (
	"slices"

	"github.com/convene-dev/convene/graph"
)

// AgentQuestion is asked of the owners and operators of an AI agent or MCP
// server a change touches, as CSA MAESTRO asks of agent identities.
const AgentQuestion = "What can this agent do if its input is hostile: which triggers reach it, which tokens, permissions, cloud roles and MCP servers does it hold, and who reviews what it does?"

// isAgent reports whether a node acts on model output: a CI job that runs
// a coding or review agent, or an MCP server.
func isAgent(n graph.Node) bool {
	return n.Kind == graph.Workload && (n.Type == graph.TypeAIAgent || n.Type == graph.TypeMCPServer)
}

// touchedAgents lists the agents among the targets and what the change
// affects: a change to their credentials, the roles they assume or the
// policies those hold reaches them here.
func touchedAgents(p *Plan) []Impact {
	var out []Impact
	for _, t := range p.Targets {
		if isAgent(t) {
			out = append(out, Impact{Node: t, Owners: p.TargetOwners})
		}
	}
	for _, im := range p.Impacted {
		if isAgent(im.Node) {
			out = append(out, im)
		}
	}
	return out
}

// agentInvites invites the owners of every touched agent with the
// agent question, and asks the platform role, who run CI and the agents in
// it, to come as its operators. It returns the owners to ask the agent
// question.
func agentInvites(p *Plan, wanted map[Role]string, add func(id string, role Role, why string)) map[string]bool {
	agents := touchedAgents(p)
	if len(agents) == 0 {
		return nil
	}
	ask := map[string]bool{}
	for _, im := range agents {
		for _, o := range im.Owners {
			add(o.ID, ApplicationOwner, "") // the impacted list already says why
			ask[o.ID] = true
		}
	}
	if _, ok := wanted[Platform]; !ok {
		wanted[Platform] = "an AI agent's credentials or permissions are touched: its operators"
	}
	return ask
}

// withAgentQuestion adds the agent question for an invitee asked it, or
// invited as an operator (platform) when agents are touched.
func withAgentQuestion(inv *Invitee, ask map[string]bool) {
	if ask == nil || slices.Contains(inv.Questions, AgentQuestion) {
		return
	}
	if ask[inv.Owner] || slices.Contains(inv.Roles, Platform) {
		inv.Questions = append(inv.Questions, AgentQuestion)
	}
}
