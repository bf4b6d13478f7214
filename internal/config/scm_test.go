package config

import (
	"strings"
	"testing"
)

func TestSCMValidate(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"github ok", "version: 1\ngithub:\n  enabled: true\n  organizations: [northwind]\n  api_url: https://ghe.example.com/api/v3/\n  max_rate_wait: 5m\n", ""},
		{"github url", "version: 1\ngithub:\n  api_url: ghe.example.com\n", "x.yaml:3: api_url \"ghe.example.com\" is not an absolute URL"},
		{"github app", "version: 1\ngithub:\n  app: {id: 1, installation_id: 2}\n", "x.yaml:3: a GitHub App needs id, installation_id and private_key_file or private_key_env"},
		{"github budget", "version: 1\ngithub:\n  request_budget: -1\n", "x.yaml:3: request_budget must be 0"},
		{"github org", "version: 1\ngithub:\n  organizations: [northwind/payments]\n", "x.yaml:3: \"northwind/payments\" is not an organisation login"},
		{"github token literal", "version: 1\ngithub:\n  token: ghp_abc\n", "unknown key \"token\""},
		{"gitlab ok", "version: 1\ngitlab:\n  enabled: true\n  url: https://gitlab.example.com\n  groups: [northwind]\n", ""},
		{"gitlab url", "version: 1\ngitlab:\n  url: gitlab.example.com\n", "x.yaml:3: url \"gitlab.example.com\" is not an absolute URL"},
		{"gitlab token literal", "version: 1\ngitlab:\n  token: glpat-abc\n", "unknown key \"token\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse("x.yaml", []byte(tt.yaml), true)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestSCMLiveAndToken(t *testing.T) {
	if Default().GitHub.Live() || Default().GitLab.Live() {
		t.Error("the defaults read GitHub or GitLab live")
	}
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "from-gh")
	t.Setenv("MY_TOKEN", "from-mine")
	if got := (GitHub{}).Token(); got != "from-gh" {
		t.Errorf("Token() = %q, want GH_TOKEN's", got)
	}
	if got := (GitHub{TokenEnv: "MY_TOKEN"}).Token(); got != "from-mine" {
		t.Errorf("Token() with token_env = %q", got)
	}
	if !(GitHub{Enabled: true, App: GitHubApp{InstallationID: 3}}).Live() || (GitHub{Organizations: []string{"o"}}).Live() {
		t.Error("Live() must need enabled and an organisation or installation")
	}
	t.Setenv("GITLAB_TOKEN", "from-gitlab")
	if got := (GitLab{}).Token(); got != "from-gitlab" {
		t.Errorf("GitLab Token() = %q", got)
	}
}
