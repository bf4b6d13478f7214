package findings

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// agentRules are the rules about AI agents and MCP servers: the workloads
// that act on text anyone may write, and the configurations beside
// developers' editors that hand them credentials. docs/agents.md explains
// what the connectors record for them.
func agentRules() []Rule {
	return []Rule{
		{ID: "NHI-AGENT-UNTRUSTED-TRIGGER", Title: "Agent with write access or cloud credentials started by untrusted input", Severity: High,
			Description: "A CI job that runs a coding or review agent is triggered by issues, comments, reviews, pull_request_target or workflow_run — text anyone can write — and holds a token that writes to the repository, or can reach a cloud role or Vault. A prompt injected in that text directs the agent with those rights.",
			Remediation: "Split the job: let the agent read with a read-only token and no cloud access, and apply its output in a separate job gated on a trusted actor; keep the action's write-access check (no allowed_non_write_users: \"*\", no allow-users: \"*\").",
			Mapping:     Mapping{OWASP: []string{"NHI5", "NHI3"}, NIST: []string{"PR.AA-05", "PR.PS-05"}, MAESTRO: []string{"L3 agent frameworks", "L7 agent ecosystem"}}, check: agentUntrusted},
		{ID: "NHI-MCP-INLINE-TOKEN", Title: "Long-lived token written into an MCP configuration", Severity: High,
			Description: "An MCP server's configuration holds a credential literally — a token in env, a key in a header or an argument, a password in a URL. Everyone who has the file has the token, and it stays in version control history.",
			Remediation: "Rotate the token; pass it as ${env:NAME} or a VS Code input with password: true, or use the server's OAuth flow.",
			Mapping:     Mapping{OWASP: []string{"NHI2", "NHI7"}, NIST: []string{"PR.AA-01", "PR.DS-01"}, MAESTRO: []string{"L4 deployment and infrastructure", "L7 agent ecosystem"}}, check: mcpInlineToken},
		{ID: "NHI-AGENT-HUMAN-TOKEN", Title: "Agent acting with a person's token, or sharing a token with people", Severity: Medium,
			Description: "An agent or MCP server acts with a personal access token, so its actions are the person's and survive nothing but the person's offboarding; or one credential is held both by a CI agent and by the MCP servers of developers' workspaces, so people and the agent share it.",
			Remediation: "Give the agent its own identity (a GitHub App installation token, the job's GITHUB_TOKEN, a service account) scoped to what it does, and keep people's tokens out of agent configurations.",
			Mapping:     Mapping{OWASP: []string{"NHI10", "NHI9"}, NIST: []string{"PR.AA-01", "PR.AA-05"}, MAESTRO: []string{"L7 agent ecosystem", "L6 security and compliance"}}, check: agentHumanToken},
		{ID: "NHI-MCP-PROD-DATA", Title: "MCP server reaching data stores or cloud roles from a developer's workspace", Severity: High,
			Description: "An MCP server configured in a repository or a home folder connects to a database that is not on the developer's machine, or is given a cloud role or profile: an agent in an editor can read (or change) that data with the developer's access, outside the controls of the production environment.",
			Remediation: "Point workspace MCP servers at local or masked copies; if production access is needed, use a read-only role with short sessions and record its owner.",
			Mapping:     Mapping{OWASP: []string{"NHI8", "NHI5"}, NIST: []string{"PR.AA-05", "PR.DS-01"}, MAESTRO: []string{"L2 data operations", "L4 deployment and infrastructure"}}, check: mcpProdData},
	}
}

func isAgent(n graph.Node) bool { return n.Kind == graph.Workload && n.Type == graph.TypeAIAgent }

func isMCPServer(n graph.Node) bool { return n.Kind == graph.Workload && n.Type == graph.TypeMCPServer }

// reach lists the cloud roles, Vault roles and OIDC subjects that lead to
// a role, which a job can obtain.
func (c *checker) reach(id string) []graph.Edge {
	var out []graph.Edge
	for _, e := range c.out(id, graph.Assumes, graph.AuthenticatesAs, graph.RunsAs) {
		if e.Kind == graph.RunsAs && len(c.out(e.To, graph.Assumes, graph.AuthenticatesAs)) == 0 {
			continue // a subject no role trusts gives nothing
		}
		out = append(out, e)
	}
	return out
}

func agentUntrusted(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(isAgent) {
		if n.Attrs[graph.AttrUntrustedTriggers] == "" {
			continue
		}
		cloud := c.reach(n.ID)
		var what []string
		if n.Attrs[graph.AttrAgentCanWrite] == "true" {
			what = append(what, "a token that writes ("+strings.Join(graph.DecodeList(n.Attrs[graph.AttrPermissions]), ",")+")")
		}
		if len(cloud) > 0 {
			var ids []string
			for _, e := range cloud {
				if e.Kind != graph.RunsAs {
					ids = append(ids, e.To)
				}
			}
			for _, e := range cloud {
				if e.Kind == graph.RunsAs {
					for _, r := range c.out(e.To, graph.Assumes, graph.AuthenticatesAs) {
						if !slices.Contains(ids, r.To) {
							ids = append(ids, r.To+" (as "+e.To+")")
						}
					}
				}
			}
			what = append(what, "access to "+strings.Join(ids, ", "))
		}
		if len(what) == 0 {
			continue
		}
		who := "who may start it: " + orDefault(n.Attrs[graph.AttrAgentActorCheck], "not checked by the action")
		if g := n.Attrs[graph.AttrAgentGuard]; g != "" {
			who += "; job condition checks " + strings.Join(graph.DecodeList(g), ",")
		}
		out = append(out, Finding{
			Message: fmt.Sprintf("agent %s (%s) runs on %s with %s; %s", n.ID, n.Attrs[graph.AttrAgent], strings.Join(graph.DecodeList(n.Attrs[graph.AttrUntrustedTriggers]), ","), strings.Join(what, " and "), who),
			Nodes:   []string{n.ID}, Evidence: evidence(cloud, n)})
	}
	return out
}

func mcpInlineToken(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(isMCPServer) {
		if v := n.Attrs[graph.AttrHardcodedCredentials]; v != "" {
			out = append(out, Finding{Message: fmt.Sprintf("MCP server %s has credentials written into %s: %s", n.ID, n.Attrs[graph.AttrConfig], v),
				Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
		}
	}
	return out
}

// personalName matches credential names that say they are a person's.
var personalName = regexp.MustCompile(`(?i)(^|_)(PAT|PERSONAL_ACCESS_TOKEN|PERSONAL_TOKEN|USER_TOKEN)(_|$)`)

func agentHumanToken(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(isAgent) {
		if p := n.Attrs[graph.AttrAgentPersonalToken]; p != "" {
			out = append(out, Finding{Message: fmt.Sprintf("agent %s acts on GitHub with %s, a person's token", n.ID, p),
				Nodes: []string{n.ID}, Evidence: evidence(nil, n)})
		}
	}
	for _, n := range c.nodes(isMCPServer) {
		for _, e := range c.out(n.ID, graph.Reads, graph.Uses) {
			name := c.node(e.To).Name
			if personalName.MatchString(name) || slices.ContainsFunc(graph.DecodeList(e.Attrs[graph.AttrEnv]), personalName.MatchString) {
				out = append(out, Finding{Message: fmt.Sprintf("MCP server %s acts with %s, a person's token", n.ID, e.To),
					Nodes: []string{n.ID, e.To}, Evidence: evidence([]graph.Edge{e})})
			}
		}
	}
	// One credential held by an agent in CI and by MCP servers in
	// developers' workspaces, directly or through declared copies: only
	// where the graph has both.
	if !c.hasAny(isAgent) || !c.hasAny(isMCPServer) {
		return out
	}
	for _, cred := range c.nodes(func(n graph.Node) bool { return n.Kind == graph.Credential }) {
		if len(c.out(cred.ID, graph.CopyOf)) > 0 {
			continue // counted at the original
		}
		family := []string{cred.ID}
		var edges []graph.Edge
		for _, e := range c.in(cred.ID, graph.CopyOf) {
			family = append(family, e.From)
			edges = append(edges, e)
		}
		var agents, servers []string
		for _, id := range family {
			for _, e := range c.in(id, graph.Reads, graph.Uses) {
				switch consumer := c.node(e.From); {
				case isAgent(consumer) && !slices.Contains(agents, e.From):
					agents = append(agents, e.From)
					edges = append(edges, e)
				case isMCPServer(consumer) && !slices.Contains(servers, e.From):
					servers = append(servers, e.From)
					edges = append(edges, e)
				}
			}
		}
		if len(agents) > 0 && len(servers) > 0 {
			out = append(out, Finding{Message: fmt.Sprintf("%s is held by agent(s) %s and by workspace MCP server(s) %s",
				cred.ID, strings.Join(agents, ", "), strings.Join(servers, ", ")),
				Nodes: append([]string{cred.ID}, append(agents, servers...)...), Evidence: evidence(edges)})
		}
	}
	return out
}

// prodWords mark a name as production's.
var prodWords = regexp.MustCompile(`(?i)(^|[^a-z])(prod|production|prd|live)([^a-z]|$)`)

func mcpProdData(c *checker) []Finding {
	var out []Finding
	for _, n := range c.nodes(isMCPServer) {
		var what []string
		var stores []string
		if v := n.Attrs[graph.AttrDataStores]; v != "" {
			_ = json.Unmarshal([]byte(v), &stores) // the connector writes a JSON list; anything else names no store
		}
		for _, s := range stores {
			if u, err := url.Parse(s); err == nil && !localHost(u.Hostname()) {
				what = append(what, "database "+s)
			}
		}
		roles := c.out(n.ID, graph.Assumes)
		for _, e := range roles {
			what = append(what, "role "+e.To)
		}
		if p := n.Attrs[graph.AttrAWSProfile]; p != "" {
			what = append(what, "AWS profile "+p)
		}
		var edges []graph.Edge
		for _, e := range c.out(n.ID, graph.Reads, graph.Uses) {
			if slices.ContainsFunc(graph.DecodeList(e.Attrs[graph.AttrEnv]), databaseURLName) {
				what = append(what, "database URL "+e.To)
				edges = append(edges, e)
			}
		}
		if len(what) == 0 {
			continue
		}
		prod := ""
		if prodWords.MatchString(strings.Join(what, " ")) {
			prod = ", named as production"
		}
		out = append(out, Finding{Message: fmt.Sprintf("MCP server %s (%s scope) reaches %s%s", n.ID, n.Attrs[graph.AttrScope], strings.Join(what, ", "), prod),
			Nodes: []string{n.ID}, Evidence: evidence(append(roles, edges...), n)})
	}
	return out
}

func localHost(h string) bool {
	return h == "localhost" || h == "::1" || h == "0.0.0.0" || strings.HasPrefix(h, "127.") || strings.HasSuffix(h, ".localhost") || h == "host.docker.internal"
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// databaseURLName reports whether an environment variable's name says it
// holds a database URL.
func databaseURLName(env string) bool {
	env = strings.ToUpper(env)
	return strings.Contains(env, "DATABASE_URL") || strings.HasSuffix(env, "_DSN")
}
