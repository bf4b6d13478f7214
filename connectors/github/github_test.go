package github

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

func attr(g *graph.Graph, id, key string) string {
	n, ok := g.Node(id)
	if !ok {
		return "<no node " + id + ">"
	}
	return n.Attrs[key]
}

func TestDiscover(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", "ghp_test_token_never_printed")
	s := fakeOrg(t)
	s.LimitOnce("/orgs/northwind/repos", "primary")
	s.LimitOnce("/repos/northwind/payments-api/actions/secrets", "secondary")
	c, waits, files := newTest(s, nil)
	g := discover(t, c)

	repo := "github.com/northwind/payments-api"
	env := repo + "/environments/production"
	tests := []struct{ id, key, want string }{
		{repo, "default_branch", "main"},
		{repo, "var.DEPLOY_ROLE_ARN", "arn:aws:iam::111122223333:role/payments-deploy"},
		{repo, "var.AWS_ACCOUNT", "111122223333"}, // the organisation's, visible to all
		{repo, "var.DEBUG", "true"},               // private visibility, private repository
		{repo, AttrOIDCSubKeys, `["repository_owner","context"]`},
		{repo, "oidc_sub_claim_source", "repository"},
		{"github.com/northwind", AttrOIDCSubKeys, `["repo","context"]`},
		{repo + "/secrets/VAULT_ROLE_ID", "scope", "repository"},
		{repo + "/secrets/VAULT_ROLE_ID", "updated_at", "2024-06-01T10:00:00Z"},
		{"github.com/northwind/secrets/NPM_TOKEN", "selected_repositories", `["locked"]`},
		{"github.com/northwind/secrets/SLACK_WEBHOOK_URL", "visibility", "all"},
		{env, "required_reviewers", `["github-team:northwind/payments-leads","github-user:octocat"]`},
		{env, "branch_policy", "custom"},
		{env, "branch_patterns", `["branch:release/*"]`},
		{env, "wait_timer_minutes", "30"},
		{env, "prevent_self_review", "true"},
		{env + "/secrets/DB_PASSWORD", "scope", "environment"},
		{repo + "/deploy-keys/1", "read_only", "true"},
		{repo + "/deploy-keys/1", "last_used", "2026-11-01T00:00:00Z"},
		{"github.com/northwind/installations/renovate", "permissions", `["contents:write","metadata:read"]`},
		{"github.com/northwind/personal-access-tokens/7", "permissions", `["repository.contents:read","repository.metadata:read"]`},
		{"github.com/northwind/personal-access-tokens/7", "token_expires_at", "2027-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		if got := attr(g, tt.id, tt.key); got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.id, tt.key, got, tt.want)
		}
	}
	// Required reviewers own the environment; the team is named as
	// CODEOWNERS names it, so the two meet.
	var owners []string
	for _, e := range g.Edges() {
		if e.From == env && e.Kind == graph.OwnedBy {
			owners = append(owners, e.To)
		}
	}
	if diff := cmp.Diff([]string{"github-team:northwind/payments-leads", "github-user:octocat"}, owners); diff != "" {
		t.Errorf("environment owners (-want +got):\n%s", diff)
	}

	// Secrets the workflows name that the repository does not hold resolve
	// to the environment's and the organisation's, as GitHub resolves them.
	var reads []string
	for _, e := range g.Edges() {
		if e.Kind == graph.CopyOf && e.Attrs["synced_by"] == "github" {
			reads = append(reads, e.From+" -> "+e.To)
		}
	}
	wantReads := []string{
		repo + "/secrets/ANTHROPIC_API_KEY -> " + env + "/secrets/ANTHROPIC_API_KEY",
		repo + "/secrets/SLACK_WEBHOOK_URL -> github.com/northwind/secrets/SLACK_WEBHOOK_URL",
	}
	if diff := cmp.Diff(wantReads, reads); diff != "" {
		t.Errorf("resolved secrets (-want +got):\n%s", diff)
	}

	// Files: the workflows, local action, CODEOWNERS and catalog file, under
	// virtual paths; nothing else of the checkout.
	want := []string{
		repo + "/.github/CODEOWNERS",
		repo + "/.github/actions/vault-secrets/action.yml",
		repo + "/.github/workflows/claude.yml",
		repo + "/.github/workflows/deploy.yml",
		repo + "/.github/workflows/legacy-report.yml",
		repo + "/.github/workflows/reconcile.yml",
		repo + "/catalog-info.yaml",
	}
	if diff := cmp.Diff(want, files.Paths()); diff != "" {
		t.Errorf("fetched files (-want +got):\n%s", diff)
	}

	// The locked and vanished repositories are diagnostics; the scan went on.
	var diags []string
	for _, d := range g.Diagnostics() {
		if strings.Contains(d.File, "locked") || strings.Contains(d.File, "vanished") {
			diags = append(diags, d.File+": "+d.Message[:min(len(d.Message), 60)])
		}
	}
	for _, w := range []string{"github.com/northwind/locked: cannot list the files of branch main: 403", "github.com/northwind/vanished: cannot list the files of branch main: 404"} {
		if !slices.ContainsFunc(diags, func(d string) bool { return strings.HasPrefix(d, w) }) {
			t.Errorf("no diagnostic %q in %q", w, diags)
		}
	}

	// Both rate limits were waited out and the requests resumed: the
	// primary until its reset, the secondary for its Retry-After.
	if len(*waits) != 2 || (*waits)[1] != 30*time.Second || (*waits)[0] > 4*time.Second {
		t.Errorf("rate-limit waits = %v, want [~2s 30s]", *waits)
	}
	if s.Requests("/orgs/northwind/repos") != 4 { // a refusal, then three pages
		t.Errorf("repository list requests = %d, want 4", s.Requests("/orgs/northwind/repos"))
	}
	for _, n := range g.Nodes() {
		for _, v := range n.Attrs {
			if strings.Contains(v, "ghp_test_token") {
				t.Errorf("the token is in node %s", n.ID)
			}
		}
	}
}

// TestRescanRevalidates proves a second scan costs 304s: every response
// cached with an ETag is revalidated, and the graph is the same.
func TestRescanRevalidates(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", "x")
	s := fakeOrg(t)
	c, _, _ := newTest(s, nil)
	first := discover(t, c)
	st1 := c.Stats()
	second := discover(t, c)
	st2 := c.Stats()
	// Blobs (seven files) are named by SHA: the rescan reuses them unasked.
	if st2.Reused != 7 || st2.Sent != st1.Sent-7 {
		t.Errorf("rescan sent %d requests and reused %d; the first scan sent %d", st2.Sent, st2.Reused, st1.Sent)
	}
	// Only the 403/404 answers (no ETag) are fetched again in full: six
	// calls for each of the two repositories the token may not read.
	if want := st2.Sent - 12; st2.Revalidated != want {
		t.Errorf("revalidated %d of %d requests, want %d", st2.Revalidated, st2.Sent, want)
	}
	if s.NotModified() != int(st2.Revalidated) {
		t.Errorf("server sent %d 304s, client counted %d", s.NotModified(), st2.Revalidated)
	}
	ids := func(g *graph.Graph) []string {
		var out []string
		for _, n := range g.Nodes() {
			out = append(out, n.ID)
		}
		return out
	}
	if diff := cmp.Diff(ids(first), ids(second)); diff != "" {
		t.Errorf("rescan changed the graph (-first +second):\n%s", diff)
	}
	t.Logf("first scan: %d requests; rescan: %d requests, %d answered 304, %d blobs reused", st1.Sent, st2.Sent, st2.Revalidated, st2.Reused)
}

func TestBudget(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", "x")
	s := fakeOrg(t)
	c, _, _ := newTest(s, func(g *config.GitHub) { g.RequestBudget = 6 })
	g := discover(t, c)
	if got := s.Requests(""); got != 6 {
		t.Errorf("requests = %d, want the budget of 6", got)
	}
	if !slices.ContainsFunc(g.Diagnostics(), func(d graph.Diagnostic) bool { return strings.Contains(d.Message, "request budget") }) {
		t.Error("no diagnostic says the budget was spent")
	}
}

func TestOff(t *testing.T) {
	s := fakeOrg(t)
	c, _, _ := newTest(s, func(g *config.GitHub) { g.Enabled = false })
	discover(t, c)
	if n := s.Requests(""); n != 0 {
		t.Errorf("a connector not enabled sent %d requests", n)
	}
}

// TestRescanByNewConnector: `convene serve` builds its connectors afresh
// for every scheduled scan; the rescan still revalidates.
func TestRescanByNewConnector(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", "x")
	s := fakeOrg(t)
	cfg := config.Default()
	if New(cfg, nil).cache != New(cfg, nil).cache {
		t.Fatal("two connectors of one process keep separate caches")
	}
	first, _, _ := newTest(s, nil)
	discover(t, first)
	second, _, _ := newTest(s, nil)
	second.cache = first.cache // as processCache is shared
	discover(t, second)
	if st := second.Stats(); st.Revalidated != st.Sent-12 || st.Reused != 7 {
		t.Errorf("a new connector revalidated %d of %d requests and reused %d blobs", st.Revalidated, st.Sent, st.Reused)
	}
}

// TestDiskCache: a new process (a new connector) with the same cache_dir
// revalidates what the last one fetched.
func TestDiskCache(t *testing.T) {
	t.Setenv("GITHUB_TOKEN", "x")
	s := fakeOrg(t)
	dir := t.TempDir()
	first, _, _ := newTest(s, func(g *config.GitHub) { g.CacheDir = dir })
	discover(t, first)
	if first.Stats().Revalidated != 0 {
		t.Fatalf("a cold cache revalidated %d", first.Stats().Revalidated)
	}
	second, _, _ := newTest(s, func(g *config.GitHub) { g.CacheDir = dir })
	discover(t, second)
	if st := second.Stats(); st.Revalidated != st.Sent-12 {
		t.Errorf("a new connector over the same cache_dir revalidated %d of %d requests", st.Revalidated, st.Sent)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, _ := e.Info(); info.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", e.Name(), info.Mode().Perm())
		}
	}
}
