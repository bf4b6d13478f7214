package findings

import (
	"context"
	"slices"
	"testing"
)

// TestAgentHumanTokenEnvList checks that an edge's env, a JSON array, is
// read item by item: srv2 reads BOT as GH_PERSONAL_TOKEN, a person's token.
func TestAgentHumanTokenEnvList(t *testing.T) {
	g := agentRuleFixtures[2].positive.build()
	r, err := Run(context.Background(), g, Thresholds{Now: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		if f.RuleID == agentRuleFixtures[2].rule {
			got = append(got, f.Message)
		}
	}
	want := "MCP server srv2 acts with repo/env/BOT, a person's token"
	if !slices.Contains(got, want) {
		t.Errorf("%s: no %q among %q", agentRuleFixtures[2].rule, want, got)
	}
}
