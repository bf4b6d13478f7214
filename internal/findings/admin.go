package findings

import (
	"strings"
	"sync"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// AdminGrant is one way an identity holds administrator access: the policy
// that grants it and the has_policy edges that lead there (through groups).
type AdminGrant struct {
	Policy string
	// Via are the identities between the holder and the policy (a user's
	// groups), nearest first.
	Via  []string
	Path []graph.Edge
}

// EffectiveAdmin reports how the identity id holds administrator access:
// through every policy it holds directly or through its groups (has_policy,
// any depth) for which AdminPolicy is true. It is empty when the identity
// holds none, when any held policy denies `*` or `iam:*` on every resource
// without a condition (a Deny wins), or when a permissions boundary whose
// document is known does not allow administrator access. The NHI-ADMIN rule
// and the planner's risk tier both use it, so they agree.
func EffectiveAdmin(g *graph.Graph, id string) []AdminGrant {
	type item struct {
		id   string
		via  []string
		path []graph.Edge
	}
	var grants []AdminGrant
	seen := map[string]bool{id: true}
	queue := []item{{id: id}}
	for head := 0; head < len(queue) && head < 64; head++ {
		cur := queue[head]
		for _, e := range g.Out(cur.id) {
			if e.Kind != graph.HasPolicy || seen[e.To] {
				continue
			}
			p, ok := g.Node(e.To)
			if !ok {
				continue
			}
			path := append(append([]graph.Edge{}, cur.path...), e)
			if e.Attrs[graph.AttrVia] == "permissions-boundary" {
				if cur.id == id && p.Attrs[graph.AttrDocument] != "" && !AdminPolicy(p) {
					return nil // the boundary caps what any policy allows
				}
				continue
			}
			seen[e.To] = true
			if p.Kind != graph.Policy {
				// A group: its policies are the member's.
				queue = append(queue, item{id: p.ID, via: append(append([]string{}, cur.via...), p.ID), path: path})
				continue
			}
			if denies, _ := docAdmin(p.Attrs[graph.AttrDocument]); denies {
				return nil
			}
			if AdminPolicy(p) {
				grants = append(grants, AdminGrant{Policy: p.ID, Via: cur.via, Path: path})
			}
		}
	}
	return grants
}

// adminAction reports whether an action pattern covers all of IAM: `*`,
// `*:*` or `iam:*`.
func adminAction(a string) bool {
	a = strings.ToLower(strings.TrimSpace(a))
	return a == "*" || a == "*:*" || a == "iam:*"
}

// docAdmin reads a policy document through internal/iampolicy: whether it
// denies administrator access (a Deny of `*`, `*:*` or `iam:*` on `*`,
// without a condition; an empty or null Condition is none), and
// whether it allows it (an Allow of such an action on `*`, or an Allow with
// NotAction on `*` that leaves IAM in) and does not deny it.
func docAdmin(doc string) (denies, allows bool) {
	if doc == "" {
		return false, false
	}
	p, err := iampolicy.Parse([]byte(doc))
	if err != nil {
		return false, false
	}
	for _, st := range p.Statements {
		if !anyOf(st.Resource, func(r string) bool { return strings.TrimSpace(r) == "*" }) {
			continue
		}
		switch st.Effect {
		case "Deny":
			if len(st.Condition) == 0 && anyOf(st.Action, adminAction) {
				denies = true
			}
		case "Allow":
			if anyOf(st.Action, adminAction) {
				allows = true
			}
			if len(st.NotAction) > 0 && !anyOf(st.NotAction, func(a string) bool {
				a = strings.ToLower(strings.TrimSpace(a))
				return a == "*" || strings.HasPrefix(a, "iam:") || strings.HasPrefix(a, "*:")
			}) {
				allows = true
			}
		}
	}
	return denies, allows && !denies
}

func anyOf(list []string, pred func(string) bool) bool {
	for _, s := range list {
		if pred(s) {
			return true
		}
	}
	return false
}

// evalAdmins caches access.Admins for the last graph asked about: graphs
// are immutable, and a plan asks for the planner's tier, NHI-ADMIN and
// NHI-ESCALATION-ADMIN at once.
var evalAdmins struct {
	sync.Mutex
	g *graph.Graph
	m map[string]string
}

// adminsByEvaluation returns access.Admins(g), computed once per graph.
func adminsByEvaluation(g *graph.Graph) map[string]string {
	evalAdmins.Lock()
	defer evalAdmins.Unlock()
	if evalAdmins.g != g {
		evalAdmins.g, evalAdmins.m = g, access.Admins(g)
	}
	return evalAdmins.m
}

// IsAdministrator is the one definition of an administrator identity that
// the planner's risk tier, NHI-ADMIN and NHI-ESCALATION-ADMIN share: it
// holds administrator access through its policies and groups
// (EffectiveAdmin), or, by evaluation, it may grant itself any permission
// (access.Admins: a policy on itself, its own policy's versions, Vault
// root or policy write, Kubernetes escalate/bind/impersonate everywhere).
// why says which.
func IsAdministrator(g *graph.Graph, id string) (why string, ok bool) {
	if gr := EffectiveAdmin(g, id); len(gr) > 0 {
		return "holds administrator access through " + gr[0].Policy, true
	}
	why, ok = adminsByEvaluation(g)[id]
	return why, ok
}
