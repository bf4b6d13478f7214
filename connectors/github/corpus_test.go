package github

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/connectors/github/githubtest"
	"github.com/convene-dev/convene/internal/config"
)

// corpusDir holds response examples from GitHub's REST API documentation.
const corpusDir = "../../../shared/corpus/api-responses/github-rest-api-docs-md"

// TestCorpusResponses serves GitHub's documented response examples and
// checks what the connector makes of them.
func TestCorpusResponses(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("the public corpus is not at %s: %v", corpusDir, err)
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	t.Setenv("GITHUB_TOKEN", "x")
	s := githubtest.New()
	defer s.Close()
	s.JSON("/orgs/octocat/repos", read("GET_orgs_{org}_repos--example-minimal-repository-items.json"))
	s.JSON("/orgs/octocat/actions/secrets", read("GET_orgs_{org}_actions_secrets--example-organization-actions-secret-paginated.json"))
	s.JSON("/orgs/octocat/actions/secrets/GH_TOKEN/repositories", read("GET_orgs_{org}_actions_secrets_{secret_name}_repositories--example-public-repository-paginated.json"))
	s.JSON("/orgs/octocat/actions/variables", read("GET_orgs_{org}_actions_variables--example-organization-actions-variables-paginated.json"))
	s.JSON("/orgs/octocat/actions/oidc/customization/sub", read("GET_orgs_{org}_actions_oidc_customization_sub--example-oidc-custom-sub.json"))
	r := "/repos/octocat/Hello-World"
	s.JSON(r+"/actions/secrets", read("GET_repos_{owner}_{repo}_actions_secrets--example-actions-secret-paginated.json"))
	s.JSON(r+"/actions/oidc/customization/sub", read("GET_repos_{owner}_{repo}_actions_oidc_customization_sub--example-oidc-custom-sub-repo.json"))
	s.JSON(r+"/environments", read("GET_repos_{owner}_{repo}_environments--example-environments.json"))
	s.JSON("/repositories/1296269/environments/staging/secrets", read("GET_repos_{owner}_{repo}_environments_{environment_name}_secrets--example-actions-secret-paginated.json"))
	c, _, _ := newTest(s, func(g *config.GitHub) { g.Organizations = []string{"octocat"} })
	g := discover(t, c)

	repo := "github.com/octocat/Hello-World"
	tests := []struct{ id, key, want string }{
		{"github.com/octocat/secrets/GIST_ID", "visibility", "private"},
		{"github.com/octocat/secrets/GH_TOKEN", "selected_repositories", `["Hello-World"]`},
		{"github.com/octocat/secrets/DEPLOY_TOKEN", "updated_at", "2020-01-10T14:59:22Z"},
		{"github.com/octocat", "var.ACTIONS_RUNNER_DEBUG", "true"}, // the example's value is a JSON boolean
		{"github.com/octocat", AttrOIDCSubKeys, `["repo","context"]`},
		{repo, AttrOIDCSubKeys, `["repo","context"]`},
		{repo, "default_branch", "master"},
		{repo, "var.ACTIONS_RUNNER_DEBUG", "true"},
		{repo, "var.USERNAME", ""}, // private visibility; the repository is public
		{repo + "/secrets/GH_TOKEN", "scope", "repository"},
		{repo + "/environments/staging", "wait_timer_minutes", "30"},
		{repo + "/environments/staging", "required_reviewers", `["github-team:octocat/justice-league","github-user:octocat"]`},
		{repo + "/environments/staging", "branch_policy", "custom"},
		{repo + "/environments/staging/secrets/GIST_ID", "scope", "environment"},
	}
	for _, tt := range tests {
		if got := attr(g, tt.id, tt.key); got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.id, tt.key, got, tt.want)
		}
	}
}
