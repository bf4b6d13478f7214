package vault

import "github.com/convene-dev/convene/internal/vaultpolicy"

// The policy parser and matcher live in internal/vaultpolicy, shared with
// the effective-access rules; these names keep the connector's API.
type (
	// Policy is a parsed Vault ACL policy (vaultpolicy.Policy).
	Policy = vaultpolicy.Policy
	// Rule is one path rule of a Policy.
	Rule = vaultpolicy.Rule
	// PolicyError is a parse error with its line and column.
	PolicyError = vaultpolicy.PolicyError
)

// ParsePolicy parses the policy named name (vaultpolicy.ParsePolicy).
func ParsePolicy(name, text string) (*Policy, error) { return vaultpolicy.ParsePolicy(name, text) }
