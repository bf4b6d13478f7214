package planner

import (
	"strings"
)

// principalsNeedIAM invites the IAM role when principals that are not
// workloads (an account root, a SAML or OIDC provider, an AWS service) lose
// or may lose access: only the IAM owner can say who stands behind them.
func principalsNeedIAM(p *Plan, roles map[Role]string) {
	var who []string
	for _, im := range p.Impacted {
		if trustPrincipal(im.Node.Type) && (im.Class == Breaks || im.Class == MayBreak) {
			who = append(who, im.Node.ID)
		}
	}
	if len(who) == 0 {
		return
	}
	if len(who) > 3 {
		who = append(who[:3], "…")
	}
	why := "trust principals lose access (" + strings.Join(who, ", ") + "): say who stands behind them"
	if old, ok := roles[IAM]; ok {
		why = old + "; " + why
	}
	roles[IAM] = why
}
