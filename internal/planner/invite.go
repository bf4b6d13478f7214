package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Role is a functional role in a change's planning, as the owners file
// names them.
type Role string

// The roles.
const (
	Security         Role = "security"
	IAM              Role = "iam"
	Infrastructure   Role = "infrastructure"
	Platform         Role = "platform"
	Administrators   Role = "administrators"
	ApplicationOwner Role = "application-owner"
	IncidentResponse Role = "incident-response"
)

// Questions are what each role must answer before the change.
var Questions = map[Role]string{
	Security:         "What is the risk objective, who approves, and what is the rollback plan?",
	IAM:              "Is the entitlement design right: role mapping, least privilege, review frequency?",
	Infrastructure:   "What can the platform enforce without breaking availability?",
	Platform:         "Which pipelines, schedulers and clusters must change, and in what order?",
	Administrators:   "Has it been tested against the real workflows, including break-glass and recovery?",
	ApplicationOwner: "Which service dependencies break, what are the rotation steps for your copies and consumers, and when can you restart?",
	IncidentResponse: "Production admin or emergency access is touched: are you ready if the blast radius is wider than planned?",
}

// Invitee is someone to invite into planning the change.
type Invitee struct {
	Owner    string
	Name     string
	Contacts map[string]string
	Roles    []Role
	// Why says what in the change brings them in.
	Why       []string
	Questions []string
	// ReferencedOnly is set for an owner only hints name: not in the
	// owners file, so no contact is known (see NoContact).
	ReferencedOnly bool
}

// NoContact is how reports mark an invitee that is ReferencedOnly.
const NoContact = "not in the owners file: no contact known"

// rolesFor says which functional roles a tier brings in, beyond the owners
// of what is affected: a low-risk change needs a small group; secrets,
// service accounts, production admin and emergency access bring the wider
// one.
func rolesFor(p *Plan, tiers Tiers) map[Role]string {
	roles := map[Role]string{}
	if configured, ok := tiers.Invite[p.Risk.Tier]; ok {
		why := string(p.Risk.Tier) + " risk: " + strings.Join(p.Risk.Reasons, "; ")
		for _, r := range configured {
			if r != ApplicationOwner {
				roles[r] = why
			}
		}
		return roles
	}
	hasKind := func(k graph.NodeKind) bool {
		return slices.ContainsFunc(p.Impacted, func(im Impact) bool { return im.Node.Kind == k }) ||
			slices.ContainsFunc(p.Targets, func(n graph.Node) bool { return n.Kind == k })
	}
	if hasKind(graph.Identity) || hasKind(graph.Policy) {
		roles[IAM] = "identities or policies change"
	}
	switch p.Risk.Tier {
	case High:
		roles[Security] = "high risk: " + strings.Join(p.Risk.Reasons, "; ")
		if _, ok := roles[IAM]; ok {
			roles[IAM] = "high risk: entitlements of privileged identities"
		}
		roles[Administrators] = "high risk: test against real workflows, break-glass and recovery"
		roles[IncidentResponse] = "high risk: production or emergency access is touched"
		roles[Platform] = "high risk: pipelines, schedulers and clusters are affected"
		roles[Infrastructure] = "high risk: what the platform can enforce"
	case Medium:
		roles[Security] = "medium risk: " + strings.Join(p.Risk.Reasons, "; ")
		for _, im := range p.Impacted {
			switch im.Node.Type {
			case graph.TypeCIJob, graph.TypeAIAgent, graph.TypeCIWorkflow, graph.TypeCronJob, graph.TypeSystemdService, graph.TypeSystemdTimer, graph.TypeK8sWorkload, graph.TypeEventBridgeSchedule:
				roles[Platform] = "CI pipelines, schedulers or clusters are affected"
			}
		}
	}
	return roles
}

// invite fills the roles from the owners file (teams and people whose
// "roles" attribute names them) and adds the owners of everything affected
// as application owners.
func invite(g *graph.Graph, p *Plan, tiers Tiers) []Invitee {
	byOwner := map[string]*Invitee{}
	add := func(id string, role Role, why string) {
		inv := byOwner[id]
		if inv == nil {
			n, _ := g.Node(id)
			inv = &Invitee{Owner: id, Name: n.Name, Contacts: contacts(n)}
			byOwner[id] = inv
		}
		if !slices.Contains(inv.Roles, role) {
			inv.Roles = append(inv.Roles, role)
			inv.Questions = append(inv.Questions, Questions[role])
		}
		if why != "" && !slices.Contains(inv.Why, why) {
			inv.Why = append(inv.Why, why)
		}
	}
	for _, o := range p.TargetOwners {
		add(o.ID, ApplicationOwner, "owns "+targetList(p))
		byOwner[o.ID].ReferencedOnly = o.ReferencedOnly
	}
	for _, im := range p.Impacted {
		for _, o := range im.Owners {
			add(o.ID, ApplicationOwner, "owns "+im.Node.ID+" ("+string(im.Class)+")")
			byOwner[o.ID].ReferencedOnly = o.ReferencedOnly
		}
	}
	wanted := rolesFor(p, tiers)
	principalsNeedIAM(p, wanted)
	ask := agentInvites(p, wanted, add)
	runners := unknownRunners(p)
	if len(runners) > 0 {
		wanted[IncidentResponse] = fmt.Sprintf("%d consumer(s) seen only in audit trails, owner unknown", len(runners))
	}
	holders := map[Role][]string{} // one pass over the graph, not one per role
	if len(wanted) > 0 {
		for _, n := range g.Nodes() {
			if n.Kind == graph.Owner && n.Attrs[graph.AttrRoles] != "" {
				for _, r := range graph.DecodeList(n.Attrs[graph.AttrRoles]) {
					holders[Role(strings.TrimSpace(r))] = append(holders[Role(strings.TrimSpace(r))], n.ID)
				}
			}
		}
	}
	for _, role := range roleList {
		why, ok := wanted[role]
		if !ok {
			continue
		}
		for _, id := range holders[role] {
			add(id, role, why)
		}
		if len(holders[role]) == 0 {
			add("(unfilled: "+string(role)+")", role, why+"; no team or person in the owners file has this role")
		}
	}
	var out []Invitee
	for _, inv := range byOwner {
		slices.SortFunc(inv.Roles, func(a, b Role) int { return roleOrder(a) - roleOrder(b) })
		qs := make([]string, len(inv.Roles))
		for i, r := range inv.Roles {
			qs[i] = Questions[r]
		}
		inv.Questions = qs
		withAgentQuestion(inv, ask)
		if len(runners) > 0 && (slices.Contains(inv.Roles, IncidentResponse) || ownsTarget(p, inv.Owner)) {
			for _, im := range runners {
				inv.Questions = append(inv.Questions, whoRuns(im.Node))
				if !slices.Contains(inv.Roles, IncidentResponse) {
					inv.Why = append(inv.Why, "owns the credential "+im.Node.Name+" uses")
				}
			}
		}
		if len(inv.Why) > 8 {
			inv.Why = append(inv.Why[:8], "…")
		}
		out = append(out, *inv)
	}
	slices.SortFunc(out, func(a, b Invitee) int {
		if c := roleOrder(a.Roles[0]) - roleOrder(b.Roles[0]); c != 0 {
			return c
		}
		return strings.Compare(a.Owner, b.Owner)
	})
	return out
}

// Roles lists the functional roles in invitation order.
var Roles = roleList

var roleList = []Role{Security, IAM, Infrastructure, Platform, Administrators, ApplicationOwner, IncidentResponse}

func roleOrder(r Role) int { return slices.Index(roleList, r) }

func contacts(n graph.Node) map[string]string {
	c := map[string]string{}
	for k, v := range n.Attrs {
		switch k {
		case "email", "slack", "pager", "contact.email", "contact.slack", "contact.pager", "handle":
			c[strings.TrimPrefix(k, "contact.")] = v
		}
	}
	if len(c) == 0 {
		return nil
	}
	return c
}

func targetList(p *Plan) string {
	ids := make([]string, len(p.Targets))
	for i, t := range p.Targets {
		ids[i] = t.ID
	}
	return strings.Join(ids, ", ")
}

func ownsTarget(p *Plan, owner string) bool {
	for _, o := range p.TargetOwners {
		if o.ID == owner {
			return true
		}
	}
	return false
}
