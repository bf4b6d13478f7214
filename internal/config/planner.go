package config

import (
	"fmt"
	"slices"
	"strings"
)

// Planner tunes risk tiers and whom each tier invites.
type Planner struct {
	// WideBlastRadius affected nodes make a change high risk.
	WideBlastRadius int `yaml:"wide_blast_radius"`
	// BroadImpact affected nodes make it medium risk.
	BroadImpact int `yaml:"broad_impact"`
	// ReachableBy nodes able to act as a target identity (docs/access.md)
	// raise a change's tier by one.
	ReachableBy int `yaml:"reachable_by"`
	// Invite lists, per tier (low, medium, high), the functional roles
	// invited besides the owners of what is affected; a tier left out
	// keeps the default rules of docs/planner.md.
	Invite map[string][]string `yaml:"invite"`
}

// PlannerRoles are the functional roles an invite list may name.
var PlannerRoles = []string{"security", "iam", "infrastructure", "platform", "administrators", "application-owner", "incident-response"}

func (p Planner) validate(c *Config) []error {
	var errs []error
	if p.WideBlastRadius < 1 || p.BroadImpact < 1 || p.BroadImpact > p.WideBlastRadius {
		errs = append(errs, c.Errorf("planner", "planner.broad_impact and planner.wide_blast_radius must be positive, broad_impact no larger"))
	}
	if p.ReachableBy < 0 {
		errs = append(errs, c.Errorf("planner.reachable_by", "planner.reachable_by must be positive (0: the default, 10)"))
	}
	for tier, roles := range p.Invite {
		if tier != "low" && tier != "medium" && tier != "high" {
			errs = append(errs, c.Errorf("planner.invite."+tier, "unknown risk tier %q; use low, medium or high", tier))
		}
		for i, r := range roles {
			if !slices.Contains(PlannerRoles, r) {
				errs = append(errs, c.Errorf(fmt.Sprintf("planner.invite.%s.%d", tier, i), "unknown role %q; use one of: %s", r, strings.Join(PlannerRoles, ", ")))
			}
		}
	}
	return errs
}
