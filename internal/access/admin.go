package access

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Admins returns the identities of g that are administrators by
// evaluation, with why: an IAM user or role that may grant itself any
// permission (PMapper's definition: put or attach a policy on itself, or
// write a version of its own customer-managed policy), or that holds
// AdministratorAccess when the export left the document out; a Vault auth
// role holding root or able to grant itself any policy; a Kubernetes
// subject that may escalate, bind or impersonate in every namespace. One
// definition for findings and the planner.
func Admins(g *graph.Graph) map[string]string {
	out := map[string]string{}
	for _, p := range awsModel(g) {
		if why, ok := adminBy(p); ok {
			out[p.node.ID] = why
			continue
		}
		for _, e := range g.Out(p.node.ID) {
			if e.Kind == graph.HasPolicy && (e.Attrs[graph.AttrVia] == "managed" || e.Attrs[graph.AttrVia] == "group-membership") && strings.HasSuffix(e.To, ":policy/AdministratorAccess") {
				if n, _ := g.Node(e.To); n.Attrs[graph.AttrDocument] == "" {
					out[p.node.ID] = "holds " + e.To
				}
			}
		}
	}
	for _, r := range vaultRoles(g) {
		if r.root {
			out[r.node.ID] = "holds the root policy"
			continue
		}
		if !r.mayEscalate() {
			continue
		}
		for _, ap := range anyPolicy {
			paths := []string{ap.path}
			if strings.Contains(ap.path, "%s") {
				paths = paths[:0]
				for _, n := range r.names {
					paths = append(paths, fmt.Sprintf(ap.path, n))
				}
			}
			for _, path := range paths {
				if by, ok := r.allows(path, ap.caps...); ok && out[r.node.ID] == "" {
					out[r.node.ID] = fmt.Sprintf("%s on %s by policy %s", strings.Join(ap.caps, "+"), path, by)
				}
			}
		}
	}
	for _, n := range g.Nodes() {
		for _, gr := range k8sGrants(g, n.ID) {
			if gr.scope != "*" {
				continue
			}
			for _, c := range k8sChecks {
				if c.rule == "k8s-create-pods" || c.rule == "k8s-token-request" {
					continue
				}
				if names, ok := gr.allows(c.group, c.resource, c.verb); ok && names == nil && out[n.ID] == "" {
					out[n.ID] = fmt.Sprintf("%s %s in every namespace through %s", c.verb, c.resource, gr.role.ID)
				}
			}
		}
	}
	return out
}

// EscalationsTo returns, for every node that can become one of targets by a
// chain with at least one can_become edge, its shortest such chain (from
// the node to a target). Targets themselves are left out.
func EscalationsTo(g *graph.Graph, targets map[string]string) map[string]Chain {
	type state struct {
		id  string
		esc bool // a can_become edge lies between here and the target
	}
	type step struct {
		e    graph.Edge
		prev state
	}
	via := map[state]step{}
	seen := map[state]bool{}
	var queue []state
	for _, id := range slices.Sorted(maps.Keys(targets)) {
		s := state{id, false}
		seen[s] = true
		queue = append(queue, s)
	}
	out := map[string]Chain{}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for e := range g.InSeq(cur.id) {
			if !becomes(e.Kind) {
				continue
			}
			next := state{e.From, cur.esc || e.Kind == graph.CanBecome}
			if seen[next] {
				continue
			}
			n, ok := g.Node(e.From)
			if !ok || n.Kind == graph.Owner {
				continue
			}
			seen[next], via[next] = true, step{e, cur}
			queue = append(queue, next)
			if _, isTarget := targets[next.id]; !next.esc || isTarget {
				continue
			}
			if _, done := out[next.id]; done {
				continue
			}
			c := Chain{Node: next.id, Type: n.Type}
			for s := next; ; {
				st, ok := via[s]
				if !ok {
					break
				}
				c.Steps = append(c.Steps, Step{From: st.e.From, To: st.e.To, Kind: st.e.Kind, Why: why(st.e)})
				s = st.prev
			}
			out[next.id] = c
		}
	}
	return out
}
