package connectors

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/connectors/backstage"
	"github.com/convene-dev/convene/connectors/codeowners"
	"github.com/convene-dev/convene/connectors/gitlab"
	"github.com/convene-dev/convene/connectors/gitlab/gitlabtest"
	"github.com/convene-dev/convene/connectors/gitlabci"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// planted is the value every CI/CD variable of the fake GitLab holds. The
// API returns values; convene must never keep one.
const planted = "PLANTED-value-9f3c1e-never-output"

func readFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return nil
	})
	return files
}

func fakeGitLab(t *testing.T) *gitlabtest.Server {
	s := gitlabtest.New()
	t.Cleanup(s.Close)
	s.MaxPerPage = 1
	v := func(key, typ, scope string, masked, protected bool) string {
		return fmt.Sprintf(`{"variable_type":%q,"key":%q,"value":%q,"protected":%t,"masked":%t,"hidden":false,"raw":false,"environment_scope":%q,"description":null}`,
			typ, key, planted, protected, masked, scope)
	}
	s.List("/admin/ci/variables", "["+v("GLOBAL_PROXY_TOKEN", "env_var", "*", true, false)+"]")
	s.List("/groups/northwind/descendant_groups", `[{"id":12,"name":"platform","path":"platform","full_path":"northwind/platform"}]`)
	s.List("/groups/northwind/variables", "["+v("RELEASE_API_TOKEN", "env_var", "*", true, true)+","+v("UNUSED_TOKEN", "file", "*", false, false)+"]")
	s.List("/groups/northwind/platform/variables", "[]")
	s.List("/groups/northwind/access_tokens", `[{"id":1876,"name":"release-bot","revoked":false,"created_at":"2021-03-09T21:11:47.271Z","last_used_at":"2021-03-10T21:11:47.271Z","scopes":["api","read_api"],"user_id":2453,"active":true,"expires_at":"2027-01-01","access_level":40}]`)
	s.List("/groups/northwind/deploy_tokens", `[]`)
	s.Deny("/groups/northwind/platform/access_tokens", 403)
	s.List("/groups/northwind/platform/deploy_tokens", `[{"id":93,"name":"registry-pull","username":"gitlab+deploy-token-93","expires_at":null,"scopes":["read_registry"],"revoked":false,"expired":false}]`)
	s.Project("northwind", "ledger", 7, readFiles(t, "../testdata/estate/repos/gitlab.com/northwind/ledger"))
	s.Project("northwind/platform", "billing", 8, map[string][]byte{".gitlab-ci.yml": []byte("build:\n  script: [make]\n")})
	p := "/projects/northwind/ledger"
	s.List(p+"/variables", "["+v("SENTRY_DSN", "env_var", "production", true, true)+","+v("SENTRY_DSN", "env_var", "staging", false, false)+"]")
	s.LimitOnce(p + "/variables")
	s.List(p+"/access_tokens", `[{"id":1877,"name":"ci-reader","revoked":false,"created_at":"2021-03-09T21:11:47.340Z","scopes":["read_api"],"user_id":2456,"active":true,"expires_at":null,"access_level":30}]`)
	s.List(p+"/deploy_tokens", `[]`)
	s.List(p+"/pipeline_schedules", `[{"id":13,"description":"Nightly reconcile","ref":"main","cron":"0 2 * * *","cron_timezone":"Europe/Berlin","next_run_at":"2026-12-01T01:00:00.000Z","active":true,"created_at":"2017-05-19T13:31:08.849Z","updated_at":"2017-05-19T13:40:17.727Z","owner":{"name":"Administrator","username":"Root","id":1,"state":"active"}}]`)
	s.Deny("/projects/northwind/platform/billing/", 403)
	return s
}

func scanGitLab(t *testing.T, s *gitlabtest.Server, logs *bytes.Buffer) *graph.Graph {
	t.Helper()
	t.Setenv("GITLAB_TOKEN", "glpat-test")
	cfg := config.Default()
	cfg.GitLab = config.GitLab{Enabled: true, URL: s.URL, Groups: []string{"northwind"}, Instance: true}
	b := graph.NewBuilder()
	ctx := zerolog.New(logs).Level(zerolog.DebugLevel).WithContext(context.Background())
	if err := gitlab.New(cfg, RouteFS(gitlabci.New(), codeowners.New(), backstage.New())).Discover(ctx, nil, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// TestGitLabPlantedValue proves a CI/CD variable's value, which GitLab's
// API returns, appears in no output: not in the graph's JSON, its
// diagnostics or the logs.
func TestGitLabPlantedValue(t *testing.T) {
	s := fakeGitLab(t)
	var logs bytes.Buffer
	g := scanGitLab(t, s, &logs)
	var out bytes.Buffer
	if err := g.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	for _, d := range g.Diagnostics() {
		fmt.Fprintln(&out, d.File, d.Message)
	}
	out.Write(logs.Bytes())
	if bytes.Contains(out.Bytes(), []byte(planted)) || bytes.Contains(out.Bytes(), []byte("PLANTED")) {
		t.Fatal("a variable's value reached the output")
	}
	if !bytes.Contains(out.Bytes(), []byte("gitlab.com")) && !bytes.Contains(out.Bytes(), []byte("RELEASE_API_TOKEN")) {
		t.Fatal("the output is empty; the test proves nothing")
	}
	host := strings.TrimPrefix(strings.Split(s.URL, ":")[1], "//")
	want := map[string]map[string]string{
		host + "/-/variables/GLOBAL_PROXY_TOKEN":           {"level": "instance", "masked": "true", "protected": "false"},
		host + "/northwind/-/variables/RELEASE_API_TOKEN":  {"level": "group", "masked": "true", "protected": "true", "variable_type": `["env_var"]`},
		host + "/northwind/-/variables/UNUSED_TOKEN":       {"variable_type": `["file"]`, "masked": "false"},
		host + "/northwind/ledger/variables/SENTRY_DSN":    {"environment_scope": `["production","staging"]`, "masked": "false", "protected": "false"},
		host + "/northwind/ledger/-/access-tokens/1877":    {"scopes": `["read_api"]`, "access_level": "30"},
		host + "/northwind/-/access-tokens/1876":           {"expires_at": "2027-01-01", "last_used_at": "2021-03-10T21:11:47Z"},
		host + "/northwind/platform/-/deploy-tokens/93":    {"scopes": `["read_registry"]`, "username": "gitlab+deploy-token-93"},
		host + "/northwind/ledger/-/pipeline-schedules/13": {"owner": "Root", "active": "true", "ref": "main"},
	}
	for id, attrs := range want {
		n, ok := g.Node(id)
		if !ok {
			t.Errorf("no node %s", id)
			continue
		}
		for k, v := range attrs {
			if n.Attrs[k] != v {
				t.Errorf("%s %s = %q, want %q", id, k, n.Attrs[k], v)
			}
		}
	}
	sched, _ := g.Node(host + "/northwind/ledger/-/pipeline-schedules/13")
	if sched.Schedule == nil || sched.Schedule.Expr != "0 2 * * *" || sched.Schedule.TimeZone != "Europe/Berlin" {
		t.Errorf("schedule = %+v", sched.Schedule)
	}
	var edges []string
	for _, e := range g.Edges() {
		if e.Kind == graph.Triggers || e.Kind == graph.CopyOf && strings.Contains(e.From, "RELEASE_API_TOKEN") {
			edges = append(edges, e.From+" -"+string(e.Kind)+"-> "+e.To)
		}
	}
	wantEdges := []string{
		host + "/northwind/ledger/-/pipeline-schedules/13 -triggers-> " + host + "/northwind/ledger/.gitlab-ci.yml",
		host + "/northwind/ledger/variables/RELEASE_API_TOKEN -copy_of-> " + host + "/northwind/-/variables/RELEASE_API_TOKEN",
	}
	slices.Sort(edges)
	slices.Sort(wantEdges)
	if diff := cmp.Diff(wantEdges, edges); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	// The subgroup project the token may not read, and the group tokens
	// it may not list, are diagnostics; the rest landed.
	var diags []string
	for _, d := range g.Diagnostics() {
		if d.Connector == gitlab.Name {
			diags = append(diags, d.File+": "+d.Message)
		}
	}
	for _, w := range []string{"northwind/platform: cannot list the group's access tokens: 403", "northwind/platform/billing: cannot list the project's CI/CD variables: 403"} {
		if !slices.ContainsFunc(diags, func(d string) bool { return strings.Contains(d, w) }) {
			t.Errorf("no diagnostic %q in\n%s", w, strings.Join(diags, "\n"))
		}
	}
	// The 429 was waited out and the request resumed.
	if n := s.Requests("/projects/northwind/ledger/variables"); n != 3 { // 429, then two pages
		t.Errorf("project variables requests = %d, want 3", n)
	}
}

// TestGitLabLiveEqualsCheckout proves a pipeline read live (with its local
// include) and read from a checkout give the same nodes and edges.
func TestGitLabLiveEqualsCheckout(t *testing.T) {
	const root = "../testdata/estate/repos/gitlab.com/northwind/ledger"
	fileConns := func() []Connector { return []Connector{gitlabci.New(), codeowners.New(), backstage.New()} }
	rt, err := Route(context.Background(), []string{root}, fileConns(), RouteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	disk := graph.NewBuilder()
	for _, c := range fileConns() {
		if err := c.Discover(context.Background(), rt.Files[c.Name()], disk); err != nil {
			t.Fatal(err)
		}
	}
	s := gitlabtest.New()
	defer s.Close()
	s.Project("northwind", "ledger", 7, readFiles(t, root))
	t.Setenv("GITLAB_TOKEN", "x")
	cfg := config.Default()
	cfg.GitLab = config.GitLab{Enabled: true, URL: s.URL, Host: "gitlab.com", Groups: []string{"northwind"}}
	live := graph.NewBuilder()
	if err := gitlab.New(cfg, RouteFS(fileConns()...)).Discover(context.Background(), nil, live); err != nil {
		t.Fatal(err)
	}
	view := func(g *graph.Graph) (nodes, edges []string) {
		for _, n := range g.Nodes() {
			if slices.ContainsFunc(n.Evidence, func(e graph.Evidence) bool { return e.Connector != gitlab.Name }) {
				attrs := fmt.Sprint(n.Attrs)
				if n.Type == "git-repo" {
					attrs = ""
				}
				nodes = append(nodes, n.ID+" "+n.Type+" "+attrs)
			}
		}
		for _, e := range g.Edges() {
			if slices.ContainsFunc(e.Evidence, func(e graph.Evidence) bool { return e.Connector != gitlab.Name }) {
				edges = append(edges, e.From+" -"+string(e.Kind)+"-> "+e.To)
			}
		}
		return nodes, edges
	}
	dn, de := view(disk.Build())
	ln, le := view(live.Build())
	if len(dn) < 5 {
		t.Fatalf("the checkout gave only %d nodes", len(dn))
	}
	if diff := cmp.Diff(dn, ln); diff != "" {
		t.Errorf("nodes (-checkout +live):\n%s", diff)
	}
	if diff := cmp.Diff(de, le); diff != "" {
		t.Errorf("edges (-checkout +live):\n%s", diff)
	}
}
