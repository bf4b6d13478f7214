package findings

import (
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
	if p.Attrs["privilege"] == "admin" {
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
	return p.Type == graph.TypeVaultPolicy && (p.Name == "root" || strings.Contains(p.Attrs[graph.AttrCapabilities], "sudo"))
}

// BreakGlass reports whether an identity is emergency access, by its name
// or its tags.
func BreakGlass(n graph.Node) bool {
	s := strings.ToLower(n.ID + " " + n.Name + " " + n.Attrs["tag.purpose"])
	return strings.Contains(s, "break-glass") || strings.Contains(s, "breakglass") ||
		strings.Contains(s, "emergency") || n.Attrs["tag.break-glass"] == "true"
}
