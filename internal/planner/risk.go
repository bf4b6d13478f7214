package planner

import (
	"fmt"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/findings"
)

// Tier grades a change's risk; the invite list grows with it.
type Tier string

// The risk tiers.
const (
	Low    Tier = "low"
	Medium Tier = "medium"
	High   Tier = "high"
)

// TierOrder lists the tiers from lowest to highest.
var TierOrder = []Tier{Low, Medium, High}

// Risk is a change's tier and the reasons for it.
type Risk struct {
	Tier    Tier
	Reasons []string
}

// assessRisk grades the change: high for administrator or emergency access,
// production breakage or a wide blast radius; medium when secrets or service
// accounts are involved, the impact is broad, or something is unowned; low
// otherwise. Every reason that applies is listed.
func assessRisk(g *graph.Graph, p *Plan, tiers Tiers) Risk {
	r := Risk{Tier: Low}
	raise := func(t Tier, reason string) {
		r.Reasons = append(r.Reasons, reason)
		if t == High || (t == Medium && r.Tier == Low) {
			r.Tier = t
		}
	}
	nodes := append([]graph.Node{}, p.Targets...)
	breaking := 0
	for _, im := range p.Impacted {
		nodes = append(nodes, im.Node)
		if im.Class == Breaks || im.Class == MayBreak || im.Class == UpdateCopy {
			breaking++
		}
	}
	if id := firstWhere(g, nodes, isAdmin); id != "" {
		raise(High, fmt.Sprintf("administrator-level access is involved (%s)", id))
	}
	if id := firstWhere(g, nodes, isBreakGlass); id != "" {
		raise(High, fmt.Sprintf("emergency or break-glass access is involved (%s)", id))
	}
	prod := isProduction(p.Change.Environment)
	if id := firstWhere(g, nodes, func(_ *graph.Graph, n graph.Node) bool { return isProduction(envOf(n)) }); id != "" {
		prod = true
	}
	switch {
	case prod && breaking > 0:
		raise(High, fmt.Sprintf("production: %d consumer(s) break or must be updated", breaking))
	case prod:
		raise(Medium, "production environment")
	}
	if n := len(p.Impacted); n >= tiers.WideBlastRadius {
		raise(High, fmt.Sprintf("wide blast radius: %d nodes affected", n))
	} else if n >= tiers.BroadImpact {
		raise(Medium, fmt.Sprintf("%d nodes affected", n))
	}
	if id := firstWhere(g, nodes, func(_ *graph.Graph, n graph.Node) bool { return n.Kind == graph.Credential }); id != "" {
		raise(Medium, "secrets are involved")
	}
	if id := firstWhere(g, nodes, func(_ *graph.Graph, n graph.Node) bool {
		return n.Kind == graph.Identity && n.Type != graph.TypeCIOIDCSubject
	}); id != "" {
		raise(Medium, "service accounts or roles are involved")
	}
	if n := len(p.Unowned); n > 0 {
		raise(Medium, fmt.Sprintf("%d affected node(s) have no owner", n))
	}
	if len(r.Reasons) == 0 {
		r.Reasons = append(r.Reasons, "no secrets, privileged identities or production consumers are affected")
	}
	return r
}

func firstWhere(g *graph.Graph, nodes []graph.Node, pred func(*graph.Graph, graph.Node) bool) string {
	for _, n := range nodes {
		if pred(g, n) {
			return n.ID
		}
	}
	return ""
}

// isAdmin reports whether a node is an administrator policy
// (findings.AdminPolicy) or an administrator identity
// (findings.IsAdministrator), the definition NHI-ADMIN and
// NHI-ESCALATION-ADMIN use.
func isAdmin(g *graph.Graph, n graph.Node) bool {
	if n.Kind == graph.Policy {
		return findings.AdminPolicy(n)
	}
	_, ok := findings.IsAdministrator(g, n.ID)
	return ok
}

func isBreakGlass(_ *graph.Graph, n graph.Node) bool { return findings.BreakGlass(n) }

func envOf(n graph.Node) string {
	for _, k := range []string{"environment", "tag.environment", "tag.env", "tag.Environment"} {
		if v := n.Attrs[k]; v != "" {
			return v
		}
	}
	return ""
}

func isProduction(env string) bool {
	switch strings.ToLower(env) {
	case "prod", "production", "prd", "live":
		return true
	}
	return false
}
