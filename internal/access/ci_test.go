package access

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

const gh = acct + "oidc-provider/token.actions.githubusercontent.com"

// trust adds an OIDC provider's assumes edge to a role with the sub
// condition as the aws connector writes it.
func (e *estate) trust(role, op, sub, cond string) *estate {
	e.node(gh, "aws-oidc-provider", "gh", nil).role(role, trustLambda, "")
	attrs := map[string]string{"oidc_sub_condition": cond}
	if sub != "" {
		attrs["condition.sub"], attrs["condition.sub.operator"] = sub, op
	}
	return e.edge(gh, acct+"role/"+role, graph.Assumes, attrs)
}

func TestCIRules(t *testing.T) {
	const repo = "github.com/org/app"
	tests := []struct {
		name  string
		build func(*estate)
		want  []string
	}{
		{"a sub wildcard over the repository admits any branch", func(e *estate) {
			e.node(repo, "git-repo", "", nil).node("github.com/org/other", "git-repo", "", nil).trust("deploy", "StringLike", "repo:org/app:*", "wildcard")
		}, []string{repo + " -> " + acct + "role/deploy ci-oidc-open-trust"}},
		{"a sub admitting any environment", func(e *estate) {
			e.node(repo, "git-repo", "", nil).trust("deploy", "StringLike", "repo:org/app:environment:*", "wildcard")
		}, []string{repo + " -> " + acct + "role/deploy ci-oidc-open-trust"}},
		{"a sub pinned to one environment", func(e *estate) {
			e.node(repo, "git-repo", "", nil).trust("deploy", "StringEquals", "repo:org/app:environment:production", "exact")
		}, nil},
		{"a sub pinned to main admits no branch", func(e *estate) {
			e.node(repo, "git-repo", "", nil).trust("deploy", "StringEquals", "repo:org/app:ref:refs/heads/main", "exact")
		}, nil},
		{"a sub admitting pull requests", func(e *estate) {
			e.node(repo, "git-repo", "", nil).trust("deploy", "StringLike", `["repo:org/app:ref:refs/heads/main","repo:org/app:pull_request"]`, "exact")
		}, []string{repo + " -> " + acct + "role/deploy ci-oidc-open-trust"}},
		{"no sub condition: the repositories whose pipelines use it", func(e *estate) {
			e.node(repo, "git-repo", "", nil).node("github.com/org/other", "git-repo", "", nil).trust("ci", "", "", "none")
			e.node("oidc:token.actions.githubusercontent.com:repo:org/app:ref:refs/heads/main", "ci-oidc-subject", "", nil)
			e.edge("oidc:token.actions.githubusercontent.com:repo:org/app:ref:refs/heads/main", acct+"role/ci", graph.Assumes, nil)
		}, []string{repo + " -> " + acct + "role/ci ci-oidc-open-trust"}},
		{"a Vault JWT role bound to the repository alone", func(e *estate) {
			e.node(repo, "git-repo", "", nil).node("vault:auth/jwt/role/ci", "vault-auth-role", "ci", map[string]string{"auth_method": "jwt", "bound_claims": `{"repository":"org/app"}`})
		}, []string{repo + " -> vault:auth/jwt/role/ci ci-vault-jwt-open"}},
		{"a Vault JWT role bound to an environment too", func(e *estate) {
			e.node(repo, "git-repo", "", nil).node("vault:auth/jwt/role/ci", "vault-auth-role", "ci", map[string]string{"auth_method": "jwt", "bound_claims": `{"repository":"org/app","environment":"production"}`})
		}, nil},
		{"a Vault JWT role whose sub glob admits any ref", func(e *estate) {
			e.node(repo, "git-repo", "", nil).node("vault:auth/jwt/role/ci", "vault-auth-role", "ci", map[string]string{"auth_method": "jwt", "bound_claims_type": "glob",
				"bound_claims": `{"repository":"org/app","sub":"repo:org/app:*"}`})
		}, []string{repo + " -> vault:auth/jwt/role/ci ci-vault-jwt-open"}},
		{"a Vault JWT role whose sub pins main", func(e *estate) {
			e.node(repo, "git-repo", "", nil).node("vault:auth/jwt/role/ci", "vault-auth-role", "ci", map[string]string{"auth_method": "jwt", "bound_claims_type": "glob",
				"bound_claims": `{"repository":"org/app","sub":"repo:org/app:ref:refs/heads/main"}`})
		}, nil},
		{"pull_request_target with secrets", func(e *estate) {
			wf := repo + "/.github/workflows/label.yml"
			e.node(repo, "git-repo", "", nil).node(wf, "ci-workflow", "", map[string]string{"triggers": `["pull_request_target"]`, "path": ".github/workflows/label.yml"})
			e.node(wf+"#label", "ci-job", "", nil).node(repo+"/secrets/TOKEN", "ci-secret", "", nil)
			e.edge(wf+"#label", wf, graph.PartOf, nil).edge(wf+"#label", repo+"/secrets/TOKEN", graph.Uses, nil)
		}, []string{repo + " -> " + repo + "/secrets/TOKEN ci-pull-request-target"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEstate()
			tt.build(e)
			_, got := e.derive(t)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("can_become (-want +got):\n%s", diff)
			}
		})
	}
}

func TestChains(t *testing.T) {
	e := newEstate()
	e.user("dev", allow("sts:AssumeRole", acct+"role/deploy")).role("deploy", trustAccount, "")
	e.node("k:job", "ci-job", "", nil).node("k:key", "aws-access-key", "", nil)
	e.edge("k:job", "k:key", graph.Uses, nil).edge("k:key", acct+"user/dev", graph.KeyOf, nil)
	g, _ := e.derive(t)
	var who []string
	for _, c := range Who(g, acct+"role/deploy") {
		who = append(who, c.Node)
		for _, s := range c.Steps {
			who = append(who, "  "+string(s.Kind))
		}
	}
	want := []string{acct + "user/dev", "  can_become", "k:key", "  key_of", "  can_become", "k:job", "  uses", "  key_of", "  can_become"}
	if diff := cmp.Diff(want, who); diff != "" {
		t.Errorf("Who (-want +got):\n%s", diff)
	}
	var becomes []string
	for _, c := range Becomes(g, "k:job") {
		becomes = append(becomes, c.Node)
	}
	if diff := cmp.Diff([]string{"k:key", acct + "user/dev", acct + "role/deploy"}, becomes); diff != "" {
		t.Errorf("Becomes (-want +got):\n%s", diff)
	}
}
