package githubactions

import (
	"regexp"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/mcpconf"
)

// This file recognises steps that run a coding or review agent. A job
// with one is an ai-agent workload (same ID as the job): docs/agents.md
// lists what is recognised and how to add an action.

// agentAction describes an action that runs an agent, by its inputs.
type agentAction struct {
	agent string
	// keys are inputs that carry the model provider's key.
	keys []string
	// federation are inputs whose presence means the provider's token is
	// obtained by exchanging the job's OIDC token.
	federation []string
	// cloud are inputs that send the model calls through a cloud
	// provider with the job's cloud credentials, with the name to show.
	cloud map[string]string
	// tokens are inputs that give the agent a GitHub token.
	tokens []string
	// mcp are inputs that hold an MCP configuration (JSON) or pass one on
	// the agent's command line.
	mcp []string
	// openTo are inputs that let users without write access start the
	// agent; "*" (or the value false for a require input) means anyone.
	openTo []string
}

// agentActions is the list of agent actions, by owner/name. Add one here.
var agentActions = map[string]agentAction{
	"anthropics/claude-code-action": {agent: "claude-code",
		keys:       []string{"anthropic_api_key", "claude_code_oauth_token"},
		federation: []string{"anthropic_federation_rule_id"},
		cloud:      map[string]string{"use_bedrock": "aws-bedrock", "use_vertex": "gcp-vertex", "use_foundry": "azure-foundry"},
		tokens:     []string{"github_token"}, mcp: []string{"mcp_config", "claude_args"}, openTo: []string{"allowed_non_write_users"}},
	"anthropics/claude-code-base-action": {agent: "claude-code",
		keys:  []string{"anthropic_api_key", "claude_code_oauth_token"},
		cloud: map[string]string{"use_bedrock": "aws-bedrock", "use_vertex": "gcp-vertex"}, mcp: []string{"mcp_config", "claude_args"}},
	"openai/codex-action": {agent: "codex",
		keys:   []string{"openai-api-key", "openai_api_key", "responses-api-endpoint", "azure-openai-api-key"},
		openTo: []string{"allow-users", "require_repo_write", "require-repo-write"}},
	"google-github-actions/run-gemini-cli": {agent: "gemini-cli",
		keys:  []string{"gemini_api_key", "google_api_key"},
		cloud: map[string]string{"gcp_workload_identity_provider": "gcp-workload-identity", "use_vertex_ai": "gcp-vertex"},
		mcp:   []string{"settings"}},
	"google-gemini/gemini-cli-action": {agent: "gemini-cli", keys: []string{"gemini_api_key", "GEMINI_API_KEY"}, mcp: []string{"settings_json", "settings"}},
	"qodo-ai/pr-agent":                {agent: "pr-agent"},
	"codium-ai/pr-agent":              {agent: "pr-agent"},
	"coderabbitai/ai-pr-reviewer":     {agent: "ai-pr-reviewer"},
	"sst/opencode/github":             {agent: "opencode", mcp: []string{}},
	"warpdotdev/warp-agent-action":    {agent: "warp"},
}

// agentCLIs are agent programs recognised as a command of a run: script.
var agentCLIs = map[string]string{
	"claude": "claude-code", "codex": "codex", "gemini": "gemini-cli", "aider": "aider", "opencode": "opencode",
	"cursor-agent": "cursor-agent", "goose": "goose", "amp": "amp", "qwen": "qwen-code", "copilot": "copilot-cli",
	"@anthropic-ai/claude-code": "claude-code", "@openai/codex": "codex", "@google/gemini-cli": "gemini-cli",
	"aider-chat": "aider", "@github/copilot": "copilot-cli",
}

// providerKey matches the environment variables and inputs that carry a
// model provider's key.
var providerKey = regexp.MustCompile(`(?i)^(ANTHROPIC|CLAUDE|CLAUDE_CODE|OPENAI|CODEX|AZURE_OPENAI|GEMINI|GOOGLE|VERTEX|MISTRAL|DEEPSEEK|OPENROUTER|GROQ|MINIMAX|XAI|COHERE|TOGETHER|FIREWORKS|PERPLEXITY|HF|HUGGINGFACE|OLLAMA|BEDROCK)[_-]?(\w*[_-])?(API[_-]?KEY|KEY|OAUTH[_-]TOKEN|AUTH[_-]TOKEN|TOKEN)$`)

// personalToken matches secret names that say they hold a person's token.
var personalToken = regexp.MustCompile(`(?i)(^|_)(PAT|PERSONAL_ACCESS_TOKEN|PERSONAL_TOKEN|USER_TOKEN|CLASSIC_TOKEN)(_|$)`)

// agentStep records, on the job's facts, the agent a step runs.
func agentStep(s *step, file string, f *facts) {
	name := actionName(s.uses)
	a, isAction := agentActions[name]
	if !isAction {
		for prefix, aa := range agentActions {
			if strings.HasPrefix(name, prefix+"/") {
				a, isAction = aa, true
			}
		}
	}
	agent, via := a.agent, s.uses
	if !isAction {
		if s.uses != "" || s.run == "" {
			return
		}
		if agent = cliAgent(s.run); agent == "" {
			agent = harnessAgent(s)
		}
		if agent == "" {
			return
		}
		via = "run"
	}
	f.setAttr("agent.name", agent)
	f.setAttr("agent.step", s.name)
	f.setAttr("agent.via", via)
	for _, k := range a.keys {
		if v, ok := s.with[k]; ok && v.val != "" {
			secretNames(v.val, func(n string) { f.setAttr("agent.model_key", n) })
		}
	}
	for k, v := range s.env {
		if providerKey.MatchString(k) {
			secretNames(v.val, func(n string) { f.setAttr("agent.model_key", n) })
		}
		if k == "GITHUB_TOKEN" || k == "GH_TOKEN" {
			tokenSources(v.val, f)
		}
	}
	for _, k := range a.federation {
		if v, ok := s.with[k]; ok && v.val != "" {
			f.setAttr("agent.model_auth", "oidc-federation")
			f.oidc = true
		}
	}
	for k, how := range a.cloud {
		if v, ok := s.with[k]; ok && v.val != "" && v.val != "false" {
			if hasExpr(v.val) {
				how += " if " + k + " is set"
			}
			f.setAttr("agent.model_auth", how)
		}
	}
	for _, k := range a.keys {
		if v, ok := s.with[k]; ok && v.val != "" && !hasExpr(v.val) {
			f.setAttr("agent.model_auth", "api-key written in the workflow")
		}
	}
	for _, k := range a.tokens {
		if v, ok := s.with[k]; ok && v.val != "" {
			tokenSources(v.val, f)
		}
	}
	for _, k := range a.mcp {
		if v, ok := s.with[k]; ok && v.val != "" {
			mcpInput(k, v.val, f)
		}
	}
	if via == "run" {
		if i := strings.Index(s.run, "--mcp-config"); i >= 0 {
			mcpInput("claude_args", s.run[i:], f)
		}
		f.setAttr("agent.actor_check", "none")
	} else {
		f.setAttr("agent.actor_check", actorCheck(a, s))
	}
}

// actorCheck says who may start an agent action: by default the actions
// that check at all admit only users with write access.
func actorCheck(a agentAction, s *step) string {
	if len(a.openTo) == 0 {
		return "none"
	}
	for _, k := range a.openTo {
		v, ok := s.with[k]
		if !ok || v.val == "" {
			continue
		}
		switch val := strings.TrimSpace(v.val); {
		case val == "*" || (strings.HasPrefix(k, "require") && val == "false"):
			return "anyone"
		case strings.HasPrefix(k, "require"):
		default:
			return "write access or listed users"
		}
	}
	return "write access"
}

// cliAgent returns the agent a script runs: a command whose program is an
// agent CLI, directly or through npx, bunx, uvx or pipx run.
func cliAgent(script string) string {
	for _, line := range strings.Split(script, "\n") {
		for _, cmd := range strings.FieldsFunc(line, func(r rune) bool { return r == ';' || r == '|' || r == '&' }) {
			words := strings.Fields(cmd)
			for len(words) > 0 {
				w := words[0]
				switch {
				case strings.Contains(w, "=") && !strings.HasPrefix(w, "-"), w == "sudo", w == "exec", w == "time",
					w == "npx", w == "bunx", w == "pnpx", w == "uvx", w == "-y", w == "--yes", w == "run" || w == "pipx":
					words = words[1:]
					continue
				}
				break
			}
			if len(words) == 0 {
				continue
			}
			prog := strings.Trim(words[0], `"'`)
			if at := strings.LastIndex(prog, "@"); at > 0 {
				prog = prog[:at]
			}
			if a, ok := agentCLIs[prog]; ok && (len(words) > 1 || strings.HasPrefix(prog, "@")) {
				return a
			}
		}
	}
	return ""
}

// harnessWord finds the agent a wrapper script starts (a sandbox around
// claude or codex, as GitHub Agentic Workflows compile to).
var harnessWord = regexp.MustCompile(`\b(claude|codex|copilot|gemini|opencode|aider)[\w.-]*`)

// agentFlags are options only agent CLIs take.
var agentFlags = []string{"--mcp-config", "--allowed-tools", "--allowedTools", "--dangerously-skip-permissions", "--full-auto"}

// harnessAgent recognises a run: step that wraps an agent CLI: it is given
// a model provider's key in its environment and passes an agent's options.
func harnessAgent(s *step) string {
	keyed := false
	for k := range s.env {
		keyed = keyed || providerKey.MatchString(k)
	}
	if !keyed || !slices.ContainsFunc(agentFlags, func(f string) bool { return strings.Contains(s.run, f) }) {
		return ""
	}
	m := harnessWord.FindStringSubmatch(s.run)
	if m == nil {
		return "unknown-agent"
	}
	if a, ok := agentCLIs[m[1]]; ok {
		return a
	}
	return m[1]
}

// secretNames calls add with the name of every secret an expression
// reads.
func secretNames(expr string, add func(string)) {
	for _, r := range refsInValue(expr, false) {
		if r.Name != "" {
			add(r.Name)
		}
	}
}

// tokenSources records which GitHub token an agent is handed: the job's
// GITHUB_TOKEN, a GitHub App token minted by an earlier step, or a stored
// secret (a person's token when its name says so).
func tokenSources(expr string, f *facts) {
	if strings.TrimSpace(expr) == "" {
		return
	}
	for _, r := range refsInValue(expr, false) {
		switch {
		case r.Name == "GITHUB_TOKEN":
			f.setAttr("agent.github_token", "GITHUB_TOKEN")
		case r.Name != "":
			f.setAttr("agent.github_token", "secret:"+r.Name)
			if personalToken.MatchString(r.Name) {
				f.setAttr("agent.personal_token", r.Name)
			}
		}
	}
	for _, m := range stepToken.FindAllStringSubmatch(expr, -1) {
		f.setAttr("agent.github_token", "step:"+m[1])
	}
}

var stepToken = regexp.MustCompile(`steps\.([A-Za-z0-9_-]+)\.outputs\.(?:token|app-token|app_token)`)

// mcpInput records the MCP servers an agent input configures: a JSON
// configuration (inline settings) by its server names, a --mcp-config
// argument by the file it names.
func mcpInput(key, v string, f *facts) {
	if key == "claude_args" {
		fields := strings.Fields(v)
		for i, w := range fields {
			if w == "--mcp-config" && i+1 < len(fields) {
				arg := strings.Trim(fields[i+1], `"'`)
				if !strings.HasPrefix(arg, "{") {
					f.setAttr("agent.mcp_config", arg)
				}
			}
		}
		return
	}
	t := strings.TrimSpace(v)
	if !strings.HasPrefix(t, "{") {
		f.setAttr("agent.mcp_config", t)
		return
	}
	cfg, err := mcpconf.Parse([]byte(t))
	if err != nil {
		return
	}
	for _, s := range cfg.Servers {
		f.setAttr("agent.mcp_server", s.Name)
		for _, p := range s.Env {
			if strings.Contains(p.Val, "$") {
				f.setAttr("agent.mcp_env", s.Name+":"+p.Key)
			}
		}
	}
}

// attrList splits an attribute joined by setAttr into its sorted values.
func attrList(v string) []string {
	vs := strings.Split(v, "\n")
	slices.Sort(vs)
	return slices.Compact(vs)
}
