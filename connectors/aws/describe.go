package aws

import (
	"slices"

	"github.com/convene-dev/convene/internal/iampolicy"
)

// LiveSettings names the live path's convene.yaml settings and the
// read-only IAM actions it needs, read from ReadOnlyPolicy so the two
// never disagree (`convene connectors --format json`).
func (*Connector) LiveSettings() (settings, permissions []string) {
	settings = []string{"aws.enabled", "aws.accounts", "aws.regions", "aws.max_attempts", "aws.concurrency"}
	for _, st := range iampolicy.MustParse(ReadOnlyPolicy).Statements {
		permissions = append(permissions, st.Action...)
	}
	permissions = append(permissions, "sts:AssumeRole (into each listed account)")
	slices.Sort(permissions)
	return settings, slices.Compact(permissions)
}
