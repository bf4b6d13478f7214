package findings

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// agentRuleFixtures are the positive and negative graphs of the agent
// rules, run by TestRulesPositiveAndNegative.
var agentRuleFixtures = []struct {
	rule     string
	positive fixture
	negative fixture
}{
	{"NHI-AGENT-UNTRUSTED-TRIGGER",
		fixture{[]string{"job|workload|ai-agent|agent=claude-code|untrusted_triggers=issue_comment|agent_can_write=true|permissions=contents:write",
			"job2|workload|ai-agent|agent=codex|untrusted_triggers=issues|agent_can_write=false", "oidc:sub|identity|ci-oidc-subject", "arn:role|identity|aws-role"},
			[]string{"job2>runs_as>oidc:sub", "oidc:sub>assumes>arn:role"}},
		fixture{[]string{"job|workload|ai-agent|agent=claude-code|agent_triggers=push|agent_can_write=true",
			"job2|workload|ai-agent|agent=codex|untrusted_triggers=issues|agent_can_write=false", "oidc:sub|identity|ci-oidc-subject"},
			[]string{"job2>runs_as>oidc:sub"}}},
	{"NHI-MCP-INLINE-TOKEN",
		fixture{[]string{`srv|workload|mcp-server|config=.mcp.json|hardcoded_credentials=[{"key":"env.GITHUB_TOKEN","fingerprint":"sha256:0123456789ab","file":".mcp.json","line":7}]`}, nil},
		fixture{[]string{"srv|workload|mcp-server|config=.mcp.json|env=GITHUB_TOKEN", `job|workload|ci-job|hardcoded_credentials=[{"key":"X"}]`}, nil}},
	{"NHI-AGENT-HUMAN-TOKEN",
		fixture{[]string{"job|workload|ai-agent|agent_personal_token=GH_PAT", "srv|workload|mcp-server", "repo/env/GITHUB_PERSONAL_ACCESS_TOKEN|credential|env-var",
			"agent2|workload|ai-agent", "repo/secrets/BOT|credential|ci-secret", "srv2|workload|mcp-server", "repo/env/BOT|credential|env-var"},
			[]string{"srv>reads>repo/env/GITHUB_PERSONAL_ACCESS_TOKEN", "agent2>uses>repo/secrets/BOT", "repo/env/BOT>copy_of>repo/secrets/BOT", "srv2>reads>repo/env/BOT|env=[\"GH_PERSONAL_TOKEN\"]"}},
		fixture{[]string{"job|workload|ai-agent|agent_github_token=GITHUB_TOKEN", "srv|workload|mcp-server", "repo/env/SENTRY_TOKEN|credential|env-var",
			"agent2|workload|ai-agent", "repo/secrets/BOT|credential|ci-secret", "job3|workload|ci-job"},
			[]string{"srv>reads>repo/env/SENTRY_TOKEN", "agent2>uses>repo/secrets/BOT", "job3>uses>repo/secrets/BOT"}}},
	{"NHI-MCP-PROD-DATA",
		fixture{[]string{`db|workload|mcp-server|scope=repository|data_stores=["postgresql://orders.prod.internal:5432/orders"]`,
			"aws|workload|mcp-server|aws_profile=prod-admin", "arn:aws:iam::1:role/r|identity|aws-role", "env|workload|mcp-server", "repo/env/ANALYTICS_DATABASE_URL|credential|env-var"},
			[]string{"aws>assumes>arn:aws:iam::1:role/r", "env>reads>repo/env/ANALYTICS_DATABASE_URL|env=[\"LOG_LEVEL\",\"DATABASE_URL\"]"}},
		fixture{[]string{`db|workload|mcp-server|data_stores=["postgresql://localhost:5432/dev"]`, "docs|workload|mcp-server|url=https://mcp.example.com/mcp|cloud=aws"}, nil}},
}

// TestAgentMessages pins what the agent rules say, which a reviewer reads.
func TestAgentMessages(t *testing.T) {
	g := agentRuleFixtures[0].positive.build()
	r, err := Run(context.Background(), g, Thresholds{Now: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		if strings.HasPrefix(f.RuleID, "NHI-AGENT-") {
			got = append(got, f.Message)
		}
	}
	want := []string{
		"agent job (claude-code) runs on issue_comment with a token that writes (contents:write); who may start it: not checked by the action",
		"agent job2 (codex) runs on issues with access to arn:role (as oidc:sub); who may start it: not checked by the action",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}
