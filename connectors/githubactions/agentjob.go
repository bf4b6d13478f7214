package githubactions

import (
	"path"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// untrustedEvents are triggers whose content anyone who can open an issue,
// comment or fork can write, and whose runs hold the base repository's
// token and secrets.
var untrustedEvents = map[string]bool{
	"issue_comment": true, "issues": true, "pull_request_target": true, "pull_request_review": true,
	"pull_request_review_comment": true, "discussion": true, "discussion_comment": true, "workflow_run": true,
}

// writeScopes are the GITHUB_TOKEN scopes that let a job change the
// repository or what others see of it.
var writeScopes = []string{"contents", "pull-requests", "issues", "actions", "packages", "deployments", "checks",
	"statuses", "discussions", "security-events", "pages", "repository-projects"}

// agentLists are the ai-agent attributes that list what a job's steps
// name: JSON arrays. The others name one agent, token or check.
var agentLists = map[string]bool{"agent_steps": true, "agent_model_keys": true, "agent_mcp_servers": true, "agent_mcp_env": true}

// agentJob turns the agent facts a job's steps left in attrs (agent.*)
// into its ai-agent attributes and returns the job's node type: ai-agent
// when a step runs an agent or the job is GitHub Copilot's setup job,
// ci-job otherwise.
func agentJob(wf *workflow, j *job, attrs map[string]string) string {
	if attrs["agent.name"] == "" && !copilotSetup(wf, j) {
		return "ci-job"
	}
	rename := map[string]string{"agent.name": "agent", "agent.step": "agent_steps", "agent.via": "agent_via",
		"agent.model_key": "agent_model_keys", "agent.model_auth": "agent_model_auth", "agent.github_token": "agent_github_token",
		"agent.personal_token": "agent_personal_token", "agent.mcp_config": "agent_mcp_config", "agent.mcp_server": "agent_mcp_servers",
		"agent.mcp_env": "agent_mcp_env", "agent.actor_check": "agent_actor_check"}
	for from, to := range rename {
		if v, ok := attrs[from]; ok {
			delete(attrs, from)
			if agentLists[to] {
				attrs[to] = graph.EncodeList(attrList(v))
			} else {
				// One value in practice; the shared keys (agent,
				// agent_actor_check, …) are read as one word.
				attrs[to] = strings.Join(attrList(v), ",")
			}
		}
	}
	if copilotSetup(wf, j) && attrs["agent"] == "" {
		attrs["agent"] = "copilot-coding-agent"
		attrs["agent_via"] = "copilot-setup-steps"
		attrs["agent_github_token"] = "copilot"
	}
	if _, ok := attrs["agent_model_keys"]; !ok && attrs["agent_model_auth"] == "" && attrs["agent"] != "copilot-coding-agent" {
		attrs["agent_model_auth"] = "not given in the workflow"
	} else if ok && attrs["agent_model_auth"] == "" {
		attrs["agent_model_auth"] = "api-key"
	}
	perms, write := permissions(wf, j)
	attrs["permissions"] = graph.EncodeList(perms)
	attrs["agent_can_write"] = write
	var events, untrusted []string
	for _, t := range wf.triggers {
		events = append(events, t.event)
		if untrustedEvents[t.event] {
			untrusted = append(untrusted, t.event)
		}
	}
	if len(events) > 0 {
		attrs["agent_triggers"] = graph.EncodeList(events)
	}
	if len(untrusted) > 0 {
		attrs[graph.AttrUntrustedTriggers] = graph.EncodeList(untrusted)
	}
	if slices.Contains(events, "pull_request") {
		attrs["fork_pull_requests"] = "read-only token, no secrets"
	}
	if g := guard(j.cond); g != "" {
		attrs["agent_guard"] = g
	}
	return "ai-agent"
}

// copilotSetup reports whether j is the copilot-setup-steps job GitHub's
// Copilot coding agent runs before it starts work.
func copilotSetup(wf *workflow, j *job) bool {
	return j.id == "copilot-setup-steps" && strings.TrimSuffix(strings.TrimSuffix(path.Base(wf.file), ".yml"), ".yaml") == "copilot-setup-steps"
}

// permissions renders the token scopes the job runs with and says whether
// any of them writes: "true", "false", or "unknown" when neither job nor
// workflow sets permissions and the repository's default applies.
func permissions(wf *workflow, j *job) ([]string, string) {
	p := j.perms
	if p == nil {
		p = wf.perms
	}
	if p == nil {
		return []string{"default"}, "unknown"
	}
	switch p.all {
	case "write-all":
		return []string{"write-all"}, "true"
	case "read-all":
		return []string{"read-all"}, "false"
	}
	var parts []string
	write := "false"
	for k, v := range p.scopes {
		parts = append(parts, k+":"+v)
		if v == "write" && slices.Contains(writeScopes, k) {
			write = "true"
		}
	}
	slices.Sort(parts)
	if len(parts) == 0 {
		return []string{"none"}, "false"
	}
	return parts, write
}

// guard names what a job's if: condition checks about who triggered it.
func guard(cond string) string {
	var gs []string
	if strings.Contains(cond, "author_association") {
		gs = append(gs, "author-association")
	}
	if strings.Contains(cond, "head.repo.full_name == github.repository") || strings.Contains(cond, "head.repo.fork == false") ||
		strings.Contains(cond, "!github.event.pull_request.head.repo.fork") {
		gs = append(gs, "same-repository")
	}
	if strings.Contains(cond, "github.actor ==") || strings.Contains(cond, "github.triggering_actor ==") {
		gs = append(gs, "actor")
	}
	if len(gs) == 0 {
		return ""
	}
	return graph.EncodeList(gs)
}
