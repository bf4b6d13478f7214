package iampolicy

import (
	"slices"
	"strings"
)

// Request is one question: may Principal do Action on Resource?
type Request struct {
	// Principal is the ARN of the acting user or role; it is matched
	// against the Principal element of resource policies.
	Principal string
	// Action is service:Action, e.g. "iam:PassRole".
	Action string
	// Resource is the ARN acted on, or "*" for actions without one.
	Resource string
	// AnyResource asks whether the action is allowed on some resource, for
	// actions that create one of the caller's choosing (lambda:CreateFunction):
	// an Allow statement then matches whatever its Resource names, and a
	// Deny only when it names every resource.
	AnyResource bool
	// Context holds the condition keys convene knows for the request.
	Context Context
}

// Set is everything that decides a principal's requests.
type Set struct {
	// Identity holds the principal's identity policies: managed and
	// inline, its own and its groups'.
	Identity []Named
	// Boundary is the permissions boundary, nil when there is none.
	Boundary *Named
	// SCPs are the service control policies over the principal's account;
	// each one given must allow the request (one per level of the
	// organization, already combined within the level).
	SCPs []Named
	// Resource is the policy of the resource acted on, nil when it has
	// none or it was not in the input.
	Resource *Named
	// ResourceRequired says the resource policy must allow the principal
	// (by name, account or everyone), as a role's trust policy must for
	// sts:AssumeRole; an identity policy alone then allows nothing.
	ResourceRequired bool
}

// Named is a policy with the name a decision cites (its ARN or node ID).
type Named struct {
	Name string
	Policy
}

// Effect is the outcome of an evaluation.
type Effect int8

// The outcomes, as AWS names them.
const (
	ImplicitDeny Effect = iota
	Allow
	ExplicitDeny
)

// String renders the outcome.
func (e Effect) String() string {
	switch e {
	case Allow:
		return "allow"
	case ExplicitDeny:
		return "explicit-deny"
	}
	return "implicit-deny"
}

// Decision is the answer to a Request, with the statement that decided it.
type Decision struct {
	Effect Effect
	// Conditional is true when the answer holds only if conditions
	// convene could not evaluate do (an allow that may not apply, or a
	// deny that may apply and was not counted).
	Conditional bool
	// Policy and Sid name the statement that allowed or denied.
	Policy, Sid string
}

// Allowed reports whether the request is allowed, perhaps conditionally.
func (d Decision) Allowed() bool { return d.Effect == Allow }

// Evaluate decides r under s, following AWS's policy evaluation logic for
// requests within one account: an explicit deny in any policy wins; every
// SCP must allow; a resource policy that names the principal itself allows
// on its own; otherwise an identity policy must allow and, when there is a
// boundary, the boundary too.
func Evaluate(s Set, r Request) Decision {
	var d Decision
	all := append([]Named(nil), s.Identity...)
	if s.Boundary != nil {
		all = append(all, *s.Boundary)
	}
	all = append(all, s.SCPs...)
	if s.Resource != nil {
		all = append(all, *s.Resource)
	}
	for i, p := range all {
		resource := s.Resource != nil && i == len(all)-1
		if t, sid := p.applies(r, "Deny", resource); t == Yes {
			return Decision{Effect: ExplicitDeny, Policy: p.Name, Sid: sid}
		} else if t == Maybe {
			d.Conditional = true
		}
	}
	for _, p := range s.SCPs {
		if t, _ := p.applies(r, "Allow", false); t == No {
			return Decision{Effect: ImplicitDeny, Conditional: d.Conditional, Policy: p.Name}
		} else if t == Maybe {
			d.Conditional = true
		}
	}
	if s.ResourceRequired {
		if s.Resource == nil {
			return Decision{Effect: ImplicitDeny, Conditional: d.Conditional}
		}
		t, _ := s.Resource.applies(r, "Allow", true)
		if t == No {
			return Decision{Effect: ImplicitDeny, Conditional: d.Conditional, Policy: s.Resource.Name}
		}
		d.Conditional = d.Conditional || t == Maybe
	}
	// Within an account, a resource policy naming the principal allows on
	// its own; across accounts the identity policy must allow too.
	if pa, ra := accountOf(r.Principal), accountOf(r.Resource); s.Resource != nil && (pa == "" || ra == "" || pa == ra) {
		if t, sid := s.Resource.appliesNamed(r); t != No {
			// A boundary still caps a role named by its ARN (only a
			// session ARN escapes it); it does not cap a named user.
			if s.Boundary != nil && strings.Contains(r.Principal, ":role/") {
				b, _ := s.Boundary.applies(r, "Allow", false)
				t = and(t, b)
			}
			if t != No {
				return Decision{Effect: Allow, Conditional: d.Conditional || t == Maybe, Policy: s.Resource.Name, Sid: sid}
			}
		}
	}
	best, by, bySid := No, "", ""
	for _, p := range s.Identity {
		if t, sid := p.applies(r, "Allow", false); t > best {
			best, by, bySid = t, p.Name, sid
			if t == Yes {
				break
			}
		}
	}
	if s.Boundary != nil && best != No {
		t, _ := s.Boundary.applies(r, "Allow", false)
		best = and(best, t)
	}
	if best == No {
		return Decision{Effect: ImplicitDeny, Conditional: d.Conditional}
	}
	return Decision{Effect: Allow, Conditional: d.Conditional || best == Maybe, Policy: by, Sid: bySid}
}

// applies returns how surely a statement of the effect in p applies to r,
// and the Sid of the surest. With resource, statements must name the
// principal (or its account, or everyone).
func (p Named) applies(r Request, effect string, resource bool) (Tri, string) {
	best, sid := No, ""
	for _, st := range p.Statements {
		if !strings.EqualFold(st.Effect, effect) {
			continue
		}
		t := st.applies(r, effect)
		if resource && t != No {
			t = and(t, st.principalMatch(r.Principal, false))
		}
		if t > best {
			best, sid = t, st.Sid
			if t == Yes {
				break
			}
		}
	}
	return best, sid
}

// appliesNamed is applies for the Allow statements of a resource policy
// that name the principal itself, which allow without an identity policy.
func (p Named) appliesNamed(r Request) (Tri, string) {
	best, sid := No, ""
	for _, st := range p.Statements {
		if !strings.EqualFold(st.Effect, "Allow") {
			continue
		}
		if t := and(st.applies(r, "Allow"), st.principalMatch(r.Principal, true)); t > best {
			best, sid = t, st.Sid
		}
	}
	return best, sid
}

func (st Statement) applies(r Request, effect string) Tri {
	var t Tri
	switch {
	case len(st.Action) > 0:
		t = tri(actionIn(st.Action, r.Action))
	case len(st.NotAction) > 0:
		t = tri(!actionIn(st.NotAction, r.Action))
	default:
		return No
	}
	if t == No {
		return No
	}
	switch {
	case r.AnyResource:
		if strings.EqualFold(effect, "Deny") && !slices.Contains(st.Resource, "*") {
			return No
		}
		if !strings.EqualFold(effect, "Deny") && slices.Contains(st.NotResource, "*") {
			return No
		}
	case len(st.Resource) > 0:
		t = and(t, resourceIn(st.Resource, r.Resource, r.Context))
	case len(st.NotResource) > 0:
		t = and(t, not(resourceIn(st.NotResource, r.Resource, r.Context)))
	}
	if t == No || len(st.Condition) == 0 {
		return t
	}
	return and(t, conditions(st.Condition, r.Context))
}

// principalMatch reports whether the statement's Principal (or the
// complement of its NotPrincipal) covers arn. With exact, only a principal
// naming arn itself counts, not its account or everyone.
func (st Statement) principalMatch(arn string, exact bool) Tri {
	if st.NotPrincipal != nil {
		if exact {
			return No
		}
		return not(principalIn(st.NotPrincipal, arn, false))
	}
	return principalIn(st.Principal, arn, exact)
}

func principalIn(m map[string][]string, arn string, exact bool) Tri {
	if len(m["*"]) > 0 && !exact {
		return Yes
	}
	account := accountOf(arn)
	for _, v := range m["AWS"] {
		switch {
		case v == arn:
			return Yes
		case exact:
		case v == "*", v == account, v == "arn:aws:iam::"+account+":root":
			return Yes
		}
	}
	return No
}

// accountOf returns the account ID of an ARN, "" when it has none.
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}
