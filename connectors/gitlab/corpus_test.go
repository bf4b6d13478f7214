package gitlab

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/connectors/gitlab/gitlabtest"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

const corpusDir = "../../../shared/corpus/api-responses"

// TestCorpusResponses serves response fixtures of two GitLab client
// libraries (real API shapes) and checks what the connector makes of them,
// and that the values of the variables fixture reach no output.
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
	s := gitlabtest.New()
	defer s.Close()
	s.Project("northwind", "ledger", 7, nil)
	p := "/projects/northwind/ledger"
	s.List(p+"/variables", read("gitlab-NARKOZ-gitlab-spec-fixtures/spec_fixtures_variables.json"))
	s.List(p+"/pipeline_schedules", read("gitlab-NARKOZ-gitlab-spec-fixtures/spec_fixtures_pipeline_schedules.json"))
	s.List(p+"/access_tokens", read("gitlab-NARKOZ-gitlab-spec-fixtures/spec_fixtures_project_access_tokens_get_all.json"))
	s.List(p+"/deploy_tokens", read("gitlab-NARKOZ-gitlab-spec-fixtures/spec_fixtures_project_deploy_tokens.json"))
	s.List("/groups/northwind/access_tokens", read("gitlab-xanzy-go-gitlab-testdata/testdata_list_group_access_tokens.json"))
	s.List("/groups/northwind/descendant_groups", "[]")
	t.Setenv("GITLAB_TOKEN", "x")
	cfg := config.Default()
	cfg.GitLab = config.GitLab{Enabled: true, URL: s.URL, Host: "gitlab.com", Groups: []string{"northwind"}}
	b := graph.NewBuilder()
	if err := New(cfg, nil).Discover(context.Background(), nil, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	repo := "gitlab.com/northwind/ledger"
	tests := []struct{ id, key, want string }{
		{repo + "/variables/TEST_VARIABLE_1", "level", "project"},
		{repo + "/variables/TEST_VARIABLE_2", "masked", "false"},
		{repo + "/-/pipeline-schedules/13", "owner", "root"},
		{repo + "/-/access-tokens/2", "last_used_at", "2024-09-13T04:10:23Z"}, // the fixture repeats the key: the last wins, as in GitLab's JSON
		{repo + "/-/access-tokens/2", "expires_at", "2024-09-20"},
		{repo + "/-/deploy-tokens/93", "scopes", `["read_repository"]`},
		{"gitlab.com/northwind/-/access-tokens/1876", "scopes", `["api","read_api","read_repository","write_repository"]`},
	}
	for _, tt := range tests {
		n, ok := g.Node(tt.id)
		if !ok {
			t.Errorf("no node %s", tt.id)
			continue
		}
		if got := n.Attrs[tt.key]; got != tt.want {
			t.Errorf("%s %s = %q, want %q", tt.id, tt.key, got, tt.want)
		}
	}
	if n, _ := g.Node(repo + "/-/pipeline-schedules/13"); n.Schedule == nil || n.Schedule.TimeZone != "Asia/Tokyo" {
		t.Errorf("schedule = %+v", n.Schedule)
	}
	var out bytes.Buffer
	g.WriteJSON(&out)
	if bytes.Contains(out.Bytes(), []byte("TEST_1")) || bytes.Contains(out.Bytes(), []byte("TEST_2")) {
		t.Error("a variable's value reached the graph")
	}
}
