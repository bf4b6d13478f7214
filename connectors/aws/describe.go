package aws

import (
	"encoding/json"
	"slices"
)

// LiveSettings names the live path's convene.yaml settings and the
// read-only IAM actions it needs, read from ReadOnlyPolicy so the two
// never disagree (`convene connectors --format json`).
func (*Connector) LiveSettings() (settings, permissions []string) {
	settings = []string{"aws.enabled", "aws.accounts", "aws.regions", "aws.max_attempts", "aws.concurrency"}
	var doc struct {
		Statement []struct {
			Action []string `json:"Action"`
		} `json:"Statement"`
	}
	if json.Unmarshal([]byte(ReadOnlyPolicy), &doc) == nil {
		for _, st := range doc.Statement {
			permissions = append(permissions, st.Action...)
		}
	}
	permissions = append(permissions, "sts:AssumeRole (into each listed account)")
	slices.Sort(permissions)
	return settings, slices.Compact(permissions)
}
