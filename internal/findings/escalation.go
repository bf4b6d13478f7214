package findings

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
)

// escalationRule is NHI-ESCALATION-ADMIN, kept beside its check.
var escalationRule = Rule{ID: "NHI-ESCALATION-ADMIN", Title: "Non-admin identity can escalate to an administrator", Severity: High,
	Description: "A non-human identity that is not an administrator can become one by a chain with at least one escalation (`can_become`, docs/access.md): a permission such as iam:PassRole, a Vault policy that can rewrite auth roles, RBAC that can create pods, a CI trust open to any branch.",
	Remediation: "Remove the permission named in the chain's escalation step (convene access ID shows the chain), or narrow it to the resources it needs.",
	Mapping:     Mapping{OWASP: []string{"NHI5"}, NIST: []string{"PR.AA-05", "ID.RA-01"}}, check: escalationToAdmin}

// escalationToAdmin reports each non-admin non-human identity that can
// become an administrator through an escalation, with its shortest such
// chain. Administrators are those access.Admins finds by evaluation (may
// grant itself anything) and those EffectiveAdmin finds (holds `*` on `*`
// through its policies and groups), the planner's and NHI-ADMIN's
// definition: either is an administrator to become.
func escalationToAdmin(c *checker) []Finding {
	admins := maps.Clone(adminsByEvaluation(c.g))
	for _, n := range c.g.Nodes() {
		if _, known := admins[n.ID]; known || n.Kind != graph.Identity {
			continue
		}
		if why, ok := IsAdministrator(c.g, n.ID); ok {
			admins[n.ID] = why
		}
	}
	if len(admins) == 0 {
		return nil
	}
	chains := access.EscalationsTo(c.g, admins)
	var out []Finding
	for _, id := range slices.Sorted(maps.Keys(chains)) {
		n := c.node(id)
		if !isNonHuman(n) || n.Type == "aws-service" {
			continue // an AWS service acts only as the roles it is given
		}
		ch := chains[id]
		if throughAdmin(ch, admins) {
			continue // it reaches an administrator without escalating
		}
		last := ch.Steps[len(ch.Steps)-1].To
		var hops []string
		var edges []graph.Edge
		for _, s := range ch.Steps {
			hops = append(hops, fmt.Sprintf("-%s-> %s", s.Kind, s.To))
			for _, e := range c.out(s.From, s.Kind) {
				if e.To == s.To {
					edges = append(edges, e)
				}
			}
		}
		out = append(out, Finding{
			Message: fmt.Sprintf("%s %s can become administrator %s (%s): %s %s", n.Type, id, last, admins[last], id, strings.Join(hops, " ")),
			Nodes:   []string{id, last}, Evidence: evidence(edges)})
	}
	return out
}

// throughAdmin reports whether a chain passes through an administrator
// before its end: its start then reaches that one without an escalation.
func throughAdmin(ch access.Chain, admins map[string]string) bool {
	for _, st := range ch.Steps[:len(ch.Steps)-1] {
		if _, ok := admins[st.To]; ok {
			return true
		}
	}
	return false
}
