package findings

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// AdminPolicy reports whether a policy grants administrator-level access: an
// attribute privilege=admin set by a connector, AWS's AdministratorAccess or
// IAMFullAccess, an IAM document allowing `*`, `*:*` or `iam:*` on every
// resource (or NotAction on every resource, leaving IAM in) that does not
// also deny it, Vault's root policy, or a Vault policy with sudo. Identities
// hold it through EffectiveAdmin.
func AdminPolicy(p graph.Node) bool {
	if p.Attrs[graph.AttrPrivilege] == "admin" {
		return true
	}
	if _, allows := docAdmin(p.Attrs[graph.AttrDocument]); allows {
		return true
	}
	for _, name := range []string{"AdministratorAccess", "IAMFullAccess"} {
		if p.Name == name || strings.HasSuffix(p.ID, "/"+name) {
			return true
		}
	}
	return p.Type == graph.TypeVaultPolicy && (p.Name == "root" || vaultSudo(p))
}

// vaultSudo reports whether a Vault policy gives sudo on some path: a rule
// of its AttrRules (as the Vault connector writes them) whose capabilities
// hold sudo and not deny. Capabilities are read from the rules, not from
// the policy's grants edges, which exist only for the secrets and roles a
// scan found, so that sudo on sys/ paths counts.
func vaultSudo(p graph.Node) bool {
	var rules []struct {
		Capabilities []string `json:"capabilities"`
	}
	if json.Unmarshal([]byte(p.Attrs[graph.AttrRules]), &rules) != nil {
		return false
	}
	for _, r := range rules {
		if slices.Contains(r.Capabilities, "sudo") && !slices.Contains(r.Capabilities, "deny") {
			return true
		}
	}
	return false
}

// BreakGlass reports whether an identity is emergency access, by its name
// or its tags.
func BreakGlass(n graph.Node) bool {
	s := strings.ToLower(n.ID + " " + n.Name + " " + n.Attrs[graph.AttrTagPrefix+"purpose"])
	return strings.Contains(s, "break-glass") || strings.Contains(s, "breakglass") ||
		strings.Contains(s, "emergency") || n.Attrs[graph.AttrTagPrefix+"break-glass"] == "true"
}
