package gitlabci

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// scanRepo writes files (path in the repository -> content) into a
// gitlab.com/acme/app checkout, claims and discovers them as a scan would,
// and returns the graph.
func scanRepo(t *testing.T, files map[string]string) *graph.Graph {
	t.Helper()
	root := filepath.Join(t.TempDir(), "gitlab.com", "acme", "app")
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := graph.NewBuilder()
	if err := New().Discover(context.Background(), claimed(t, filepath.ToSlash(root)), b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// usesOf lists the CI/CD variables job uses, by name.
func usesOf(g *graph.Graph, job string) []string {
	var out []string
	for _, e := range g.Out("gitlab.com/acme/app/.gitlab-ci.yml#" + job) {
		if e.Kind == graph.Uses {
			out = append(out, e.To[strings.LastIndex(e.To, "/")+1:])
		}
	}
	slices.Sort(out)
	return out
}

// TestVariablesUsed covers which CI/CD variables a job is seen to use:
// global before_script/after_script (and default:'s) apply to jobs that do
// not set their own; user variables named like GitLab's (GITLAB_TOKEN) are
// not predefined; `grep -P` hands nothing over; variables named without $
// (bash -v, PowerShell env:, the AWS CLI reading AWS_* from the
// environment) are used too.
func TestVariablesUsed(t *testing.T) {
	tests := []struct {
		name, pipeline string
		want           map[string][]string // job -> variables used
	}{{
		name: "global before_script applies",
		pipeline: `before_script:
  - echo "$DEPLOY_TOKEN" | docker login -u ci --password-stdin registry.example.com
after_script: ["curl -H \"Authorization: Bearer $NOTIFY_HOOK\" https://hooks.example.com"]
build:
  script: [make]
own:
  before_script: [echo own]
  script: [make]
`,
		want: map[string][]string{"build": {"DEPLOY_TOKEN", "NOTIFY_HOOK"}, "own": {"NOTIFY_HOOK"}},
	}, {
		name: "default before_script wins over the global one",
		pipeline: `before_script: ["docker login -p $OLD_PASS"]
default:
  before_script: ["docker login -p $REGISTRY_PASS"]
build:
  script: [make]
`,
		want: map[string][]string{"build": {"REGISTRY_PASS"}},
	}, {
		name: "user variables named like GitLab's",
		pipeline: `release:
  script:
    - glab auth login --token "$GITLAB_TOKEN"
    - 'curl --header "PRIVATE-TOKEN: $GITLAB_API_TOKEN" "$CI_API_V4_URL/projects/$CI_PROJECT_ID"'
    - echo $CI_JOB_TOKEN $GITLAB_USER_LOGIN
`,
		want: map[string][]string{"release": {"GITLAB_API_TOKEN", "GITLAB_TOKEN"}},
	}, {
		name: "grep -P hands nothing over",
		pipeline: `lint:
  script:
    - grep -P "$PATTERN_RE" src/*.go
    - docker login -p "$REGISTRY_PASSWORD" -u ci registry.example.com
`,
		want: map[string][]string{"lint": {"REGISTRY_PASSWORD"}},
	}, {
		name: "variables named without $",
		pipeline: `deploy:
  script:
    - '[[ -v AWS_ACCESS_KEY_ID ]] || exit 1'
    - test -n "${DEPLOY_KEY:-}"
    - aws s3 cp build s3://bucket/ --recursive
windows:
  script:
    - '$env:NUGET_API_KEY | Out-Null'
    - 'if (Test-Path env:SIGNING_CERT_PASSWORD) { sign.exe }'
plain:
  script: [make test]
`,
		want: map[string][]string{
			"deploy":  {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "DEPLOY_KEY"},
			"windows": {"NUGET_API_KEY", "SIGNING_CERT_PASSWORD"},
			"plain":   nil,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := scanRepo(t, map[string]string{".gitlab-ci.yml": tt.pipeline})
			got := map[string][]string{}
			for job := range tt.want {
				got[job] = usesOf(g, job)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("variables used (-want +got):\n%s\n%s", diff, g)
			}
		})
	}
}

// TestReferenceInRules checks that a !reference in a rules: list is
// flattened: the schedule rule it brings in counts.
func TestReferenceInRules(t *testing.T) {
	g := scanRepo(t, map[string]string{".gitlab-ci.yml": `.rules:
  nightly:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_COMMIT_BRANCH == "main"
      when: never
backup:
  rules:
    - !reference [.rules, nightly]
    - if: $CI_COMMIT_TAG
  script: [./backup.sh]
`})
	n, ok := g.Node("gitlab.com/acme/app/.gitlab-ci.yml#backup")
	if !ok {
		t.Fatalf("job not found:\n%s", g)
	}
	got := [2]string{n.Attrs["runs_on_schedule"], n.Attrs["refs"]}
	if diff := cmp.Diff([2]string{"true", `["tag:*","branch:*"]`}, got); diff != "" {
		t.Errorf("runs_on_schedule, refs (-want +got):\n%s", diff)
	}
}

// TestIncludedFilesNotPipelines checks that a file a pipeline of the same
// repository includes is read only through it, and that a *.gitlab-ci.yml
// nothing includes is read on its own only when it stands alone.
func TestIncludedFilesNotPipelines(t *testing.T) {
	templates := ".rails-base:\n  variables: {RAILS_ENV: test}\n  before_script: [\"bundle config set --global gems.example.com $GEMS_TOKEN\"]\n"
	rails := "rspec:\n  extends: .rails-base\n  script: [bundle exec rspec]\n"
	tests := []struct {
		name  string
		files map[string]string
		jobs  []string // ci-job IDs, relative to the repository
		diags []string // diagnostics: file base name and message start
	}{{
		name: "includes of the pipeline",
		files: map[string]string{
			".gitlab-ci.yml":                       "include:\n  - local: .gitlab/ci/*.gitlab-ci.yml\nstages: [test]\n",
			".gitlab/ci/templates.gitlab-ci.yml":   templates,
			".gitlab/ci/rails.gitlab-ci.yml":       rails,
			".gitlab/ci/nested/docs.gitlab-ci.yml": "docs:\n  script: [make docs]\n",
			".gitlab/ci/qa.gitlab-ci.yml":          "include: .gitlab/ci/nested/docs.gitlab-ci.yml\nqa:\n  script: [make qa]\n",
		},
		jobs: []string{".gitlab-ci.yml#docs", ".gitlab-ci.yml#qa", ".gitlab-ci.yml#rspec"},
	}, {
		name: "fragments of a pipeline not scanned",
		files: map[string]string{
			".gitlab/ci/rails.gitlab-ci.yml": rails,
		},
		diags: []string{"rails.gitlab-ci.yml: warning: job \"rspec\" extends \".rails-base\", which neither this file nor its local includes define: the file reads as part of a pipeline"},
	}, {
		name: "a pipeline of a folder the root pipeline includes",
		files: map[string]string{
			".gitlab-ci.yml":              "include: services/api/.gitlab-ci.yml\nlint:\n  script: [make lint]\n",
			"services/api/.gitlab-ci.yml": "api-test:\n  script: [make test]\n",
		},
		jobs: []string{".gitlab-ci.yml#api-test", ".gitlab-ci.yml#lint"},
	}, {
		name: "a pipeline at a custom path",
		files: map[string]string{
			"ci/release.gitlab-ci.yml":   "include: ci/templates.gitlab-ci.yml\nrspec:\n  extends: .rails-base\n  script: [rspec]\n",
			"ci/templates.gitlab-ci.yml": templates,
		},
		jobs: []string{"ci/release.gitlab-ci.yml#rspec"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := scanRepo(t, tt.files)
			var jobs, diags []string
			for _, n := range g.Nodes() {
				if n.Type == "ci-job" {
					jobs = append(jobs, strings.TrimPrefix(n.ID, "gitlab.com/acme/app/"))
				}
			}
			for _, d := range g.Diagnostics() {
				msg, _, _ := strings.Cut(d.Message, " outside")
				diags = append(diags, filepath.Base(d.File)+": "+string(d.Severity)+": "+msg)
			}
			if diff := cmp.Diff(tt.jobs, jobs); diff != "" {
				t.Errorf("jobs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.diags, diags); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConditionalIncludes checks that two includes under different rules
// defining the same template both count: each secret keeps its condition,
// and a warning says GitLab picks one at run time.
func TestConditionalIncludes(t *testing.T) {
	g := scanRepo(t, map[string]string{
		".gitlab-ci.yml": `include:
  - local: ci/prod.yml
    rules:
      - if: $CI_COMMIT_BRANCH == "main"
  - local: ci/dev.yml
    rules:
      - if: $CI_COMMIT_BRANCH != "main"
deploy:
  extends: .vault
  id_tokens: {VAULT_ID_TOKEN: {aud: https://vault.example.com}}
  variables: {VAULT_AUTH_ROLE: deploy}
  script: [./deploy.sh]
`,
		"ci/prod.yml": ".vault:\n  secrets:\n    DB_PASSWORD:\n      vault: prod/db/password@secret\n",
		"ci/dev.yml":  ".vault:\n  secrets:\n    DB_PASSWORD:\n      vault: dev/db/password@secret\n",
	})
	var got []string
	for _, e := range g.Out("gitlab.com/acme/app/.gitlab-ci.yml#deploy") {
		if e.Kind == graph.Reads {
			got = append(got, e.To+" if "+e.Attrs["condition"])
		}
	}
	want := []string{`vault:secret/dev/db if $CI_COMMIT_BRANCH != "main"`, `vault:secret/prod/db if $CI_COMMIT_BRANCH == "main"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("reads (-want +got):\n%s", diff)
	}
	var diags []string
	for _, d := range g.Diagnostics() {
		diags = append(diags, filepath.Base(d.File)+": "+d.Message)
	}
	wantDiag := []string{`dev.yml: ".vault" is defined by two conditional includes, ci/prod.yml (if $CI_COMMIT_BRANCH == "main") and ci/dev.yml (if $CI_COMMIT_BRANCH != "main"); GitLab uses the one whose rule holds, so the secrets of both are read, each with its condition`}
	if diff := cmp.Diff(wantDiag, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestInlineIdentifiers checks that an identifier under a secret-sounding
// name (SSH_KEY_ALGORITHM: rsa-4096) is not taken for a hard-coded
// credential, while a literal password still is.
func TestInlineIdentifiers(t *testing.T) {
	g := scanRepo(t, map[string]string{".gitlab-ci.yml": `variables:
  SSH_KEY_ALGORITHM: rsa-4096
  TOKEN_CIPHER: aes-256-gcm
  DB_PASSWORD: Lit3ral-pa55word
build:
  script: [make]
`})
	n, _ := g.Node("gitlab.com/acme/app/.gitlab-ci.yml")
	var recs []struct{ Key, Fingerprint string }
	if err := json.Unmarshal([]byte(n.Attrs["hardcoded_credentials"]), &recs); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Key+" "+r.Fingerprint)
	}
	if diff := cmp.Diff([]string{"DB_PASSWORD sha256:ae829f5a5195"}, got); diff != "" {
		t.Errorf("hardcoded_credentials (-want +got):\n%s", diff)
	}
}
