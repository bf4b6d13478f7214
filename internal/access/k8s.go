package access

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// k8sRules derives can_become edges from Kubernetes RBAC: a subject that
// may run a pod, mint or read a token, impersonate, or grant itself roles
// in a namespace can become the service accounts of that namespace.
type k8sRules struct{}

func (k8sRules) Name() string { return "kubernetes" }

type k8sRule struct {
	APIGroups     []string `json:"apiGroups"`
	Resources     []string `json:"resources"`
	ResourceNames []string `json:"resourceNames"`
	Verbs         []string `json:"verbs"`
}

// k8sGrant is a role's rules as bound to a subject in a namespace ("*":
// every namespace of the cluster).
type k8sGrant struct {
	scope string
	role  graph.Node
	rules []k8sRule
}

// k8sChecks are the permissions that reach a namespace's service
// accounts, in the order they are tried.
var k8sChecks = []struct {
	rule, group, resource, verb, how string
}{
	{"k8s-escalate-bind", "rbac.authorization.k8s.io", "roles", "escalate", "may escalate roles: write any permission into a role it holds"},
	{"k8s-escalate-bind", "rbac.authorization.k8s.io", "clusterroles", "escalate", "may escalate cluster roles"},
	{"k8s-escalate-bind", "rbac.authorization.k8s.io", "roles", "bind", "may bind any role to itself"},
	{"k8s-escalate-bind", "rbac.authorization.k8s.io", "clusterroles", "bind", "may bind any cluster role to itself"},
	{"k8s-impersonate", "", "serviceaccounts", "impersonate", "may impersonate service accounts"},
	{"k8s-impersonate", "", "users", "impersonate", "may impersonate users, system:serviceaccount:… included"},
	{"k8s-create-pods", "", "pods", "create", "may create pods, which run as any service account of the namespace"},
	{"k8s-create-pods", "apps", "deployments", "create", "may create deployments, whose pods run as any service account of the namespace"},
	{"k8s-create-pods", "batch", "jobs", "create", "may create jobs, whose pods run as any service account of the namespace"},
	{"k8s-create-pods", "batch", "cronjobs", "create", "may create cron jobs, whose pods run as any service account of the namespace"},
	{"k8s-token-request", "", "serviceaccounts/token", "create", "may request a token for a service account"},
}

func (r k8sRules) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	sas := map[string][]graph.Node{} // "cluster/ns" -> service accounts
	byCluster := map[string][]graph.Node{}
	for _, n := range g.Nodes() {
		if n.Type != "k8s-service-account" {
			continue
		}
		if c, ns, ok := saPlace(n.ID); ok {
			sas[c+"/"+ns] = append(sas[c+"/"+ns], n)
			byCluster[c] = append(byCluster[c], n)
		}
	}
	var out []derived
	for _, n := range g.Nodes() {
		if err := ctx.Err(); err != nil {
			return err
		}
		grants := k8sGrants(g, n.ID)
		if len(grants) == 0 {
			continue
		}
		cluster := clusterOf(n.ID)
		for _, gr := range grants {
			targets := sas[cluster+"/"+gr.scope]
			if gr.scope == "*" {
				targets = byCluster[cluster]
			}
			where := "namespace " + gr.scope
			if gr.scope == "*" {
				where = "every namespace"
			}
			for _, c := range k8sChecks {
				names, ok := gr.allows(c.group, c.resource, c.verb)
				if !ok {
					continue
				}
				for _, t := range targets {
					if t.ID == n.ID || names != nil && !slices.Contains(names, t.Name) {
						continue
					}
					out = append(out, derived{from: n.ID, to: t.ID, rule: c.rule, permission: c.verb + " " + c.resource, at: gr.role,
						note: fmt.Sprintf("%s %s in %s through %s", n.Name, c.how, where, gr.role.ID)})
				}
			}
			if names, ok := gr.allows("", "secrets", "get"); ok {
				out = append(out, tokenSecrets(g, n, gr, names, targets, where)...)
			}
		}
	}
	emit(g, b, out)
	return nil
}

// tokenSecrets: a subject that may get Secrets can read the token Secret
// (key_of) of a service account of the namespace.
func tokenSecrets(g *graph.Graph, n graph.Node, gr k8sGrant, names []string, targets []graph.Node, where string) []derived {
	var out []derived
	for _, t := range targets {
		if t.ID == n.ID {
			continue
		}
		for e := range g.InSeq(t.ID) {
			sec, _ := g.Node(e.From)
			if e.Kind != graph.KeyOf || sec.Type != "k8s-secret" || names != nil && !slices.Contains(names, sec.Name) {
				continue
			}
			out = append(out, derived{from: n.ID, to: t.ID, rule: "k8s-get-secrets", permission: "get secrets", at: gr.role,
				note: fmt.Sprintf("%s may read Secret %s, the token of %s, in %s through %s", n.Name, sec.Name, t.Name, where, gr.role.ID)})
			break
		}
	}
	return out
}

// allows reports whether the grant lets its holder do verb on resource of
// group, and the resource names it is limited to (nil: any).
func (gr k8sGrant) allows(group, resource, verb string) ([]string, bool) {
	var names []string
	for _, r := range gr.rules {
		if !match(r.APIGroups, group) || !match(r.Resources, resource) || !match(r.Verbs, verb) {
			continue
		}
		if len(r.ResourceNames) == 0 {
			return nil, true
		}
		names = append(names, r.ResourceNames...)
	}
	return names, names != nil
}

func match(list []string, v string) bool {
	return slices.Contains(list, v) || slices.Contains(list, "*")
}

// k8sGrants returns the roles a subject holds through bindings.
func k8sGrants(g *graph.Graph, id string) []k8sGrant {
	var out []k8sGrant
	for _, e := range g.Out(id) {
		if e.Kind != graph.HasPolicy || e.Attrs[graph.AttrScope] == "" {
			continue
		}
		role, ok := g.Node(e.To)
		if !ok || role.Type != "k8s-role" && role.Type != "k8s-cluster-role" {
			continue
		}
		var rules []k8sRule
		if json.Unmarshal([]byte(role.Attrs[graph.AttrRules]), &rules) != nil {
			continue
		}
		out = append(out, k8sGrant{scope: e.Attrs[graph.AttrScope], role: role, rules: rules})
	}
	return out
}

// saPlace reads cluster and namespace from k8s:<cluster>/<ns>/serviceaccount/<name>.
func saPlace(id string) (cluster, ns string, ok bool) {
	parts := strings.Split(strings.TrimPrefix(id, "k8s:"), "/")
	if len(parts) != 4 || parts[2] != "serviceaccount" {
		return "", "", false
	}
	return parts[0], parts[1], true
}

// clusterOf reads the cluster of a k8s: ID.
func clusterOf(id string) string {
	c, _, _ := strings.Cut(strings.TrimPrefix(id, "k8s:"), "/")
	return c
}
