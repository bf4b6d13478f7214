package access

import (
	"context"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// FuzzDerive feeds arbitrary attribute values to every rule — policy
// documents, trust policies, Vault rules, RBAC rules, JWT bound claims, OIDC
// sub conditions — over a small estate: nothing may panic, and every
// derived edge joins two known nodes.
func FuzzDerive(f *testing.F) {
	f.Add(allow("*", "*"), trustAccount, `[{"path":"auth/approle/role/*","capabilities":["update"]}]`,
		`[{"apiGroups":[""],"resources":["pods"],"verbs":["create"]}]`, `{"repository":"org/app"}`, "repo:org/app:*")
	f.Add(`%7B%7D`, `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}`, `[{"path":"+/*","capabilities":["sudo","update"]}]`,
		`[{"verbs":["*"],"resources":["*"],"apiGroups":["*"]}]`, `{"sub":["repo:*"]}`, `["a","b"]`)
	f.Fuzz(func(t *testing.T, doc, trust, vaultRules, rbac, claims, sub string) {
		e := newEstate()
		e.user("dev", doc).user("ops", "").role("deploy", trust, doc)
		e.node("arn:aws:lambda:eu-west-1:111122223333:function:f", "lambda", "f", nil)
		e.edge("arn:aws:lambda:eu-west-1:111122223333:function:f", acct+"role/deploy", graph.RunsAs, nil)
		e.vaultRole("auth/aws/role/etl", "etl", vaultRules).vaultRole("auth/approle/role/b", "", "")
		e.node("github.com/org/app", "git-repo", "", nil)
		e.node("vault:auth/jwt/role/ci", "vault-auth-role", "ci", map[string]string{"auth_method": "jwt", "bound_claims": claims, "bound_claims_type": "glob"})
		e.node(gh, "aws-oidc-provider", "gh", nil)
		e.edge(gh, acct+"role/deploy", graph.Assumes, map[string]string{"condition.sub": sub, "condition.sub.operator": "StringLike"})
		e.node("k8s:c/ns/role/r", "k8s-role", "r", map[string]string{"rules": rbac})
		e.node("k8s:c/ns/serviceaccount/a", "k8s-service-account", "a", nil)
		e.node("k8s:c/ns/serviceaccount/b", "k8s-service-account", "b", nil)
		e.edge("k8s:c/ns/serviceaccount/a", "k8s:c/ns/role/r", graph.HasPolicy, map[string]string{"scope": "ns"})
		if err := Derive(context.Background(), e.b.Build(), e.b); err != nil {
			t.Fatal(err)
		}
		g := e.b.Build()
		if d := g.Diagnostics(); len(d) > 0 {
			t.Fatalf("a derived edge names an unknown node: %s", d[0])
		}
		_ = Admins(g)
	})
}
