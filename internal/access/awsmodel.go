package access

import (
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/iampolicy"
)

// awsPrincipal is an IAM user or role with everything that decides its
// requests, read from the graph.
type awsPrincipal struct {
	node    graph.Node
	account string
	user    bool
	set     iampolicy.Set
	ctx     iampolicy.Context
	// trust is a role's trust policy; nil for users.
	trust *iampolicy.Named
	// services are the AWS services a role's trust admits.
	services []string
	// groups are a user's groups.
	groups []string
	// docs are the customer-managed policies attached to the principal.
	managed []string
}

// awsModel reads every aws-user and aws-role of g with its policies: its
// own managed and inline policies, its groups', its permissions boundary,
// and a role's trust policy. A policy with no document in the graph (an
// AWS-managed policy the export did not include) grants nothing here.
func awsModel(g *graph.Graph) []*awsPrincipal {
	docs := map[string]*iampolicy.Named{}
	doc := func(id string) *iampolicy.Named {
		if d, ok := docs[id]; ok {
			return d
		}
		var d *iampolicy.Named
		if n, ok := g.Node(id); ok && n.Attrs[graph.AttrDocument] != "" {
			if p, err := iampolicy.Parse([]byte(n.Attrs[graph.AttrDocument])); err == nil {
				d = &iampolicy.Named{Name: id, Policy: p}
			}
		}
		docs[id] = d
		return d
	}
	var out []*awsPrincipal
	for _, n := range g.Nodes() {
		if n.Type != "aws-user" && n.Type != "aws-role" {
			continue
		}
		p := &awsPrincipal{node: n, account: accountOf(n.ID), user: n.Type == "aws-user"}
		p.ctx = iampolicy.Context{}.With("aws:PrincipalArn", n.ID).With("aws:PrincipalAccount", p.account)
		if p.user {
			p.ctx = p.ctx.With("aws:username", n.Name)
		}
		for _, e := range g.Out(n.ID) {
			if e.Kind != graph.HasPolicy {
				continue
			}
			switch e.Attrs[graph.AttrVia] {
			case "managed", "inline":
				if d := doc(e.To); d != nil {
					p.set.Identity = append(p.set.Identity, *d)
				}
				if e.Attrs[graph.AttrVia] == "managed" && !strings.Contains(e.To, ":iam::aws:") {
					p.managed = append(p.managed, e.To)
				}
			case "permissions-boundary":
				if d := doc(e.To); d != nil {
					p.set.Boundary = d
				} else {
					// A boundary convene cannot read could deny anything.
					p.set.Boundary = &iampolicy.Named{Name: e.To}
				}
			case "group-membership":
				p.groups = append(p.groups, e.To)
				for _, ge := range g.Out(e.To) {
					if ge.Kind == graph.HasPolicy && (ge.Attrs[graph.AttrVia] == "managed" || ge.Attrs[graph.AttrVia] == "inline") {
						if d := doc(ge.To); d != nil {
							p.set.Identity = append(p.set.Identity, *d)
						}
					}
				}
			}
		}
		if t := n.Attrs[graph.AttrTrustPolicy]; t != "" {
			if tp, err := iampolicy.Parse([]byte(t)); err == nil {
				p.trust = &iampolicy.Named{Name: n.ID + " trust policy", Policy: tp}
				p.services = trustedServices(tp)
			}
		}
		out = append(out, p)
	}
	return out
}

// trustedServices lists the service principals an Allow statement of a
// trust policy names.
func trustedServices(p iampolicy.Policy) []string {
	var out []string
	for _, st := range p.Statements {
		if strings.EqualFold(st.Effect, "Allow") {
			out = append(out, st.Principal["Service"]...)
		}
	}
	return out
}

// can decides one request of p.
func (p *awsPrincipal) can(action, resource string, extra ...string) iampolicy.Decision {
	ctx := p.ctx
	for i := 0; i+1 < len(extra); i += 2 {
		ctx = ctx.With(extra[i], extra[i+1])
	}
	return iampolicy.Evaluate(p.set, iampolicy.Request{Principal: p.node.ID, Action: action, Resource: resource, Context: ctx})
}

// canCreate decides an action that creates a resource of p's choosing.
func (p *awsPrincipal) canCreate(action string) iampolicy.Decision {
	return iampolicy.Evaluate(p.set, iampolicy.Request{Principal: p.node.ID, Action: action, AnyResource: true, Context: p.ctx})
}

// accountOf returns the account ID of an ARN, "" when it has none.
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// cite names the statement behind an allow, for evidence notes.
func cite(d iampolicy.Decision) string {
	s := d.Policy
	if d.Sid != "" {
		s += " (" + d.Sid + ")"
	}
	if d.Conditional {
		s += ", if its conditions hold"
	}
	return s
}
