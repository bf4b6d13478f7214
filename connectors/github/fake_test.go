package github

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/convene-dev/convene/connectors/github/githubtest"
	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// estateRepo is the sample estate's payments-api checkout.
const estateRepo = "../../testdata/estate/repos/github.com/northwind/payments-api"

// readTree reads a checkout's files, keyed by their path in it.
func readTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// fakeOrg registers the organisation northwind: payments-api with the
// estate's files and settings, locked (403) and vanished (404).
func fakeOrg(t testing.TB) *githubtest.Server {
	s := githubtest.New()
	t.Cleanup(s.Close)
	s.MaxPerPage = 1 // three repositories: three pages
	s.Repo("northwind", "payments-api", 1296269, readTree(t, estateRepo))
	s.Repo("northwind", "locked", 2, map[string][]byte{})
	s.Repo("northwind", "vanished", 3, map[string][]byte{})
	s.Deny("/repos/northwind/locked/", 403)
	s.Deny("/repos/northwind/vanished/", 404)
	s.JSON("/orgs/northwind/actions/secrets", `{"total_count":2,"secrets":[
		{"name":"SLACK_WEBHOOK_URL","created_at":"2024-01-10T14:59:22Z","updated_at":"2025-03-01T08:00:00Z","visibility":"all"},
		{"name":"NPM_TOKEN","created_at":"2024-01-10T14:59:22Z","updated_at":"2024-01-10T14:59:22Z","visibility":"selected","selected_repositories_url":"x"}]}`)
	s.JSON("/orgs/northwind/actions/secrets/NPM_TOKEN/repositories", `{"total_count":1,"repositories":[{"id":2,"name":"locked","full_name":"northwind/locked"}]}`)
	s.JSON("/orgs/northwind/actions/variables", `{"total_count":2,"variables":[
		{"name":"AWS_ACCOUNT","value":"111122223333","visibility":"all"},
		{"name":"DEBUG","value":true,"visibility":"private"}]}`)
	s.JSON("/orgs/northwind/actions/oidc/customization/sub", `{"include_claim_keys":["repo","context"]}`)
	s.JSON("/orgs/northwind/installations", `{"total_count":1,"installations":[{"id":25381,"app_id":1,"app_slug":"renovate",
		"account":{"login":"northwind"},"repository_selection":"all","permissions":{"contents":"write","metadata":"read"},
		"created_at":"2023-05-01T00:00:00Z","updated_at":"2023-05-01T00:00:00Z"}]}`)
	s.List("/orgs/northwind/personal-access-tokens", map[string]any{"id": 25381, "token_id": 7, "token_name": "release-script",
		"owner": map[string]any{"login": "Octocat", "id": 1}, "repository_selection": "subset",
		"permissions":       map[string]any{"repository": map[string]string{"contents": "read", "metadata": "read"}},
		"access_granted_at": "2023-05-16T08:47:09Z", "token_expired": false, "token_expires_at": "2027-01-01T00:00:00Z", "token_last_used_at": nil})
	r := "/repos/northwind/payments-api"
	s.JSON(r+"/actions/secrets", `{"total_count":1,"secrets":[{"name":"VAULT_ROLE_ID","created_at":"2023-02-01T10:00:00Z","updated_at":"2024-06-01T10:00:00Z"}]}`)
	s.JSON(r+"/actions/variables", `{"total_count":1,"variables":[{"name":"DEPLOY_ROLE_ARN","value":"arn:aws:iam::111122223333:role/payments-deploy"}]}`)
	s.JSON(r+"/environments", `{"total_count":1,"environments":[{"id":161088068,"name":"production",
		"deployment_branch_policy":{"protected_branches":false,"custom_branch_policies":true},
		"protection_rules":[{"id":3736,"type":"wait_timer","wait_timer":30},
		{"id":3755,"type":"required_reviewers","prevent_self_review":true,"reviewers":[
		{"type":"Team","reviewer":{"id":1,"slug":"payments-leads","name":"Payments leads"}},
		{"type":"User","reviewer":{"login":"Octocat","id":1}}]}]}]}`)
	s.JSON(r+"/environments/production/deployment-branch-policies", `{"total_count":1,"branch_policies":[{"id":361471,"name":"release/*","type":"branch"}]}`)
	s.JSON(r+"/environments/production/variables", `{"total_count":0,"variables":[]}`)
	s.JSON("/repositories/1296269/environments/production/secrets", `{"total_count":2,"secrets":[{"name":"DB_PASSWORD","created_at":"2023-02-01T10:00:00Z","updated_at":"2024-06-01T10:00:00Z"},{"name":"ANTHROPIC_API_KEY","created_at":"2023-02-01T10:00:00Z","updated_at":"2024-06-01T10:00:00Z"}]}`)
	s.JSON(r+"/actions/oidc/customization/sub", `{"use_default":false,"include_claim_keys":["repository_owner","context"]}`)
	s.JSON(r+"/keys", `[{"id":1,"key":"ssh-rsa AAAB3Nza","title":"argo-cd","read_only":true,"verified":true,"created_at":"2022-01-01T00:00:00Z","added_by":"octocat","last_used":"2026-11-01T00:00:00Z"}]`)
	return s
}

// newTest returns a connector for the fake with rate-limit waits recorded
// instead of slept, and files collected instead of routed.
func newTest(s *githubtest.Server, mutate func(*config.GitHub)) (*Connector, *[]time.Duration, *srcfs.Map) {
	cfg := config.Default()
	cfg.GitHub = config.GitHub{Enabled: true, APIURL: s.APIURL(), Host: "github.com", Organizations: []string{"northwind"}}
	if mutate != nil {
		mutate(&cfg.GitHub)
	}
	var waits []time.Duration
	var got srcfs.Map
	c := New(cfg, func(_ context.Context, files srcfs.Map, _ *graph.Builder) error { got = files; return nil })
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	if cfg.GitHub.CacheDir == "" {
		c.cache = NewMemoryCache() // tests stay apart however the ports repeat
	}
	return c, &waits, &got
}

func discover(t testing.TB, c *Connector) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := c.Discover(context.Background(), nil, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}
