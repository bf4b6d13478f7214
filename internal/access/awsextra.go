package access

import (
	"fmt"

	"github.com/convene-dev/convene/graph"
)

// awsResourceRules apply the rules whose target is reached through another
// resource of the account: a Lambda function's execution role (code
// replaced with lambda:UpdateFunctionCode) and a group (joined with
// iam:AddUserToGroup, whose policies the user then holds).
func awsResourceRules(g *graph.Graph, ps []*awsPrincipal, can map[*awsPrincipal]map[string]bool) []derived {
	type fn struct {
		node  graph.Node
		roles []string
	}
	fns := map[string][]fn{} // account -> functions with their roles
	groups := map[string][]graph.Node{}
	for _, n := range g.Nodes() {
		switch n.Type {
		case "lambda":
			f := fn{node: n}
			for _, e := range g.Out(n.ID) {
				if e.Kind == graph.RunsAs {
					f.roles = append(f.roles, e.To)
				}
			}
			if len(f.roles) > 0 {
				fns[accountOf(n.ID)] = append(fns[accountOf(n.ID)], f)
			}
		case "aws-group":
			groups[accountOf(n.ID)] = append(groups[accountOf(n.ID)], n)
		}
	}
	var out []derived
	for _, p := range ps {
		if can[p]["lambda:UpdateFunctionCode"] {
			for _, f := range fns[p.account] {
				d := p.can("lambda:UpdateFunctionCode", f.node.ID)
				if !d.Allowed() {
					continue
				}
				for _, r := range f.roles {
					out = append(out, derived{from: p.node.ID, to: r, rule: "aws-lambda-update-code", permission: "lambda:UpdateFunctionCode",
						at: p.node, policy: d.Policy, conditional: d.Conditional,
						note: fmt.Sprintf("may replace the code of %s, which runs as it, allowed by %s", f.node.Name, cite(d))})
				}
			}
		}
		if p.user && can[p]["iam:AddUserToGroup"] {
			for _, gr := range groups[p.account] {
				if contains(p.groups, gr.ID) {
					continue
				}
				if d := p.can("iam:AddUserToGroup", gr.ID); d.Allowed() {
					out = append(out, derived{from: p.node.ID, to: gr.ID, rule: "aws-add-to-group", permission: "iam:AddUserToGroup",
						at: p.node, policy: d.Policy, conditional: d.Conditional,
						note: fmt.Sprintf("may add itself to group %s and hold its policies, allowed by %s", gr.Name, cite(d))})
				}
			}
		}
	}
	return out
}
