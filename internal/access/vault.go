package access

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/vaultpolicy"
)

// vaultRules derives can_become edges between Vault auth roles: a role
// whose policies let it rewrite another role, or grant itself any policy,
// can become that role. Capabilities are matched with the vault
// connector's implementation of Vault's ACL priority rules.
type vaultRules struct{}

func (vaultRules) Name() string { return "vault" }

// anyPolicy are the paths (with the capabilities all needed) whose holder
// can grant itself any policy, and so become any auth role of the Vault.
var anyPolicy = []struct {
	rule, path string
	caps       []string
	how        string
}{
	{"vault-policy-write", "sys/policies/acl/%s", []string{"update"}, "may rewrite its own policy %s"},
	{"vault-policy-write", "sys/policy/%s", []string{"update"}, "may rewrite its own policy %s (legacy endpoint)"},
	{"vault-auth-mount", "sys/auth/convene-any", []string{"update", "sudo"}, "may enable a new auth method and mint any identity"},
	{"vault-identity", "identity/group", []string{"update"}, "may create an identity group with any policy"},
	{"vault-identity", "identity/group/name/convene-any", []string{"update"}, "may write an identity group with any policy"},
	{"vault-identity", "identity/entity", []string{"update"}, "may create an identity entity with any policy"},
	{"vault-identity", "identity/entity/name/convene-any", []string{"update"}, "may write an identity entity with any policy"},
	{"vault-token-create", "auth/token/create", []string{"update", "sudo"}, "may create a token with policies it does not hold"},
	{"vault-token-create", "auth/token/create-orphan", []string{"update", "sudo"}, "may create an orphan token with any policy"},
	{"vault-sudo", "sys/raw/convene-any", []string{"update", "sudo"}, "may write Vault's raw storage"},
}

type vaultRole struct {
	node     graph.Node
	cluster  string // "vault:" or "vault@NAME:"
	path     string // auth/MOUNT/role/NAME
	mount    string
	policies []*vaultpolicy.Policy
	names    []string // the policies' names
	root     bool
	at       map[string]graph.Node
}

func (r vaultRules) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	roles := vaultRoles(g)
	byCluster := map[string][]*vaultRole{}
	for _, r := range roles {
		byCluster[r.cluster] = append(byCluster[r.cluster], r)
	}
	var out []derived
	for _, a := range roles {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !a.root && !a.mayEscalate() {
			continue
		}
		// Can a grant itself any policy?
		rule, how, at := "", "", a.node
		if a.root {
			rule, how = "vault-root", "holds the root policy"
		}
		for _, ap := range anyPolicy {
			if rule != "" {
				break
			}
			paths := []string{ap.path}
			if strings.Contains(ap.path, "%s") {
				paths = paths[:0]
				for _, n := range a.names {
					paths = append(paths, fmt.Sprintf(ap.path, n))
				}
			}
			for _, p := range paths {
				if by, ok := a.allows(p, ap.caps...); ok {
					rule, how, at = ap.rule, strings.ReplaceAll(ap.how, "%s", strings.TrimPrefix(p, "sys/policies/acl/"))+" ("+strings.Join(ap.caps, "+")+" on "+p+" by policy "+by+")", a.at[by]
					break
				}
			}
		}
		for _, t := range byCluster[a.cluster] {
			if t == a {
				continue
			}
			if rule != "" {
				out = append(out, derived{from: a.node.ID, to: t.node.ID, rule: rule, permission: "vault:" + rule, at: at,
					note: fmt.Sprintf("%s %s, so it can obtain the policies of %s", a.path, how, t.path)})
				continue
			}
			for _, c := range []string{"update", "create"} {
				if by, ok := a.allows(t.path, c); ok {
					out = append(out, derived{from: a.node.ID, to: t.node.ID, rule: "vault-auth-role-write", permission: c + " on " + t.path, at: a.at[by],
						note: fmt.Sprintf("policy %s lets %s rewrite %s's bindings to admit itself", by, a.path, t.path)})
					break
				}
			}
			if t.mount == "approle" {
				if by, ok := a.allows(t.path+"/secret-id", "update"); ok {
					out = append(out, derived{from: a.node.ID, to: t.node.ID, rule: "vault-approle-secret-id", permission: "update on " + t.path + "/secret-id", at: a.at[by],
						note: fmt.Sprintf("policy %s lets %s generate a SecretID of %s", by, a.path, t.path)})
				}
			}
		}
	}
	emit(g, b, out)
	return nil
}

// allows reports whether one of the role's policies grants every one of
// caps on path and none denies it, and names that policy. Vault merges a
// token's policies per path (union, deny wins); matching each policy on its
// own and requiring all capabilities from one is a simplification that
// can only miss an escalation, never invent one.
func (a *vaultRole) allows(path string, caps ...string) (string, bool) {
	by := ""
	for i, p := range a.policies {
		got := p.Capabilities(path)
		if slices.Contains(got, "deny") {
			return "", false
		}
		if by == "" && len(got) > 0 && !slices.ContainsFunc(caps, func(c string) bool { return !slices.Contains(got, c) }) {
			by = a.names[i]
		}
	}
	return by, by != ""
}

// mayEscalate reports whether one of the role's policies has a rule on a
// path a rule looks at (auth/, sys/, identity/, or a leading wildcard): a
// cheap first pass before matching against every other role.
func (a *vaultRole) mayEscalate() bool {
	for _, p := range a.policies {
		for _, r := range p.Rules {
			for _, pre := range []string{"auth/", "sys/", "identity/", "+"} {
				if strings.HasPrefix(r.Path, pre) || strings.HasPrefix(pre, r.Path) && r.Prefix {
					return true
				}
			}
		}
	}
	return false
}

// vaultRoles reads every Vault auth role with the policies it holds.
func vaultRoles(g *graph.Graph) []*vaultRole {
	var out []*vaultRole
	for _, n := range g.Nodes() {
		if n.Type != "vault-auth-role" {
			continue
		}
		i := strings.Index(n.ID, "auth/")
		if i < 0 {
			continue
		}
		r := &vaultRole{node: n, cluster: n.ID[:i], path: n.ID[i:], mount: n.Attrs[graph.AttrMount], at: map[string]graph.Node{}}
		for _, e := range g.Out(n.ID) {
			if e.Kind != graph.HasPolicy {
				continue
			}
			pn, ok := g.Node(e.To)
			if !ok || pn.Type != "vault-policy" {
				continue
			}
			if pn.Attrs[graph.AttrRoot] == "true" {
				r.root = true
			}
			if p := policyOf(pn); p != nil {
				r.policies = append(r.policies, p)
				r.names = append(r.names, pn.Name)
				r.at[pn.Name] = pn
			}
		}
		out = append(out, r)
	}
	return out
}

// policyOf rebuilds a Vault policy from a vault-policy node's `rules`
// attribute (docs/vault.md), nil when it has none.
func policyOf(n graph.Node) *vaultpolicy.Policy {
	var rules []struct {
		Path         string   `json:"path"`
		Capabilities []string `json:"capabilities"`
	}
	if err := json.Unmarshal([]byte(n.Attrs[graph.AttrRules]), &rules); err != nil || len(rules) == 0 {
		return nil
	}
	p := &vaultpolicy.Policy{Name: n.Name}
	for _, r := range rules {
		vr := vaultpolicy.Rule{Path: r.Path, Caps: slices.Sorted(slices.Values(r.Capabilities)), Segment: strings.Contains(r.Path, "+")}
		if strings.HasSuffix(r.Path, "*") {
			vr.Prefix = true
			if !vr.Segment {
				vr.Path = strings.TrimSuffix(r.Path, "*")
			}
		}
		p.Rules = append(p.Rules, vr)
	}
	return p
}
