package connectors

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/github"
	"github.com/convene-dev/convene/connectors/github/githubtest"
	"github.com/convene-dev/convene/connectors/githubactions"
	"github.com/convene-dev/convene/connectors/gitlab"
	"github.com/convene-dev/convene/connectors/gitlab/gitlabtest"
	"github.com/convene-dev/convene/connectors/gitlabci"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// corpusWorkflows are the public workflow files, flattened by the corpus
// (.github_workflows_x.yml), restored to their place in the repository.
func corpusWorkflows(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		name := e.Name()
		var rel string
		switch {
		case strings.HasPrefix(name, ".github_workflows_"):
			rel = ".github/workflows/" + strings.TrimPrefix(name, ".github_workflows_")
		case name == "action.yml" || name == "action.yaml":
			rel = name
		case strings.HasPrefix(name, "actions_") && strings.HasSuffix(name, "_action.yaml"):
			rel = "actions/" + strings.TrimSuffix(strings.TrimPrefix(name, "actions_"), "_action.yaml") + "/action.yaml"
		default:
			continue
		}
		files[rel], err = os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// TestGitHubLiveEqualsCheckoutCorpus: real public workflows give the same
// nodes, attributes and edges read live as read from a checkout.
func TestGitHubLiveEqualsCheckoutCorpus(t *testing.T) {
	const corpus = "../../shared/corpus/ci-pipelines/github-actions"
	repos, err := os.ReadDir(corpus)
	if err != nil {
		t.Skipf("the public corpus is not at %s: %v", corpus, err)
	}
	t.Setenv("GITHUB_TOKEN", "x")
	for _, r := range repos {
		t.Run(r.Name(), func(t *testing.T) {
			files := corpusWorkflows(t, filepath.Join(corpus, r.Name()))
			if !slices.ContainsFunc(slices.Collect(maps.Keys(files)), func(p string) bool { return strings.HasPrefix(p, ".github/workflows/") }) {
				t.Skip("no workflow: an action alone makes no nodes")
			}
			root := filepath.Join(t.TempDir(), "github.com", "corpus", r.Name())
			for rel, data := range files {
				p := filepath.Join(root, filepath.FromSlash(rel))
				os.MkdirAll(filepath.Dir(p), 0o755)
				os.WriteFile(p, data, 0o644)
			}
			rt, err := Route(context.Background(), []string{root}, []Connector{githubactions.New()}, RouteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			disk := graph.NewBuilder()
			githubactions.New().Discover(context.Background(), rt.Files[githubactions.Name], disk)

			s := githubtest.New()
			defer s.Close()
			s.Repo("corpus", r.Name(), 1, files)
			cfg := config.Default()
			cfg.GitHub = config.GitHub{Enabled: true, APIURL: s.APIURL(), Host: "github.com", Organizations: []string{"corpus"}}
			live := graph.NewBuilder()
			if err := github.New(cfg, RouteFS(githubactions.New())).Discover(context.Background(), nil, live); err != nil {
				t.Fatal(err)
			}
			want, got := connectorView(disk.Build(), githubactions.Name), connectorView(live.Build(), githubactions.Name)
			if len(want) == 0 {
				t.Fatal("the checkout gave nothing")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-checkout +live):\n%s", diff)
			}
		})
	}
}

// TestGitLabLiveEqualsCheckoutCorpus: a real public pipeline with local
// includes gives the same nodes, attributes and edges read live (the
// includes fetched by what the pipeline names) as read from a checkout.
func TestGitLabLiveEqualsCheckoutCorpus(t *testing.T) {
	const src = "../../shared/corpus/ci-pipelines/poutine-scanner-testdata/scanner/testdata"
	if _, err := os.Stat(src); err != nil {
		t.Skipf("the public corpus is not at %s: %v", src, err)
	}
	files := readFiles(t, src)
	root := filepath.Join(t.TempDir(), "gitlab.com", "corpus", "scanner")
	for rel, data := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, data, 0o644)
	}
	rt, err := Route(context.Background(), []string{root}, []Connector{gitlabci.New()}, RouteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	disk := graph.NewBuilder()
	gitlabci.New().Discover(context.Background(), rt.Files[gitlabci.Name], disk)

	s := gitlabtest.New()
	defer s.Close()
	s.Project("corpus", "scanner", 1, files)
	t.Setenv("GITLAB_TOKEN", "x")
	cfg := config.Default()
	cfg.GitLab = config.GitLab{Enabled: true, URL: s.URL, Host: "gitlab.com", Groups: []string{"corpus"}}
	live := graph.NewBuilder()
	if err := gitlab.New(cfg, RouteFS(gitlabci.New())).Discover(context.Background(), nil, live); err != nil {
		t.Fatal(err)
	}
	want, got := connectorView(disk.Build(), gitlabci.Name), connectorView(live.Build(), gitlabci.Name)
	if len(want) == 0 {
		t.Fatal("the checkout gave nothing")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-checkout +live):\n%s", diff)
	}
}

// connectorView lists what connector wrote into g, its nodes (git-repo
// nodes aside) and edges with their attributes, for comparing two reads
// of one source.
func connectorView(g *graph.Graph, connector string) (out []string) {
	by := func(e graph.Evidence) bool { return e.Connector == connector }
	for _, n := range g.Nodes() {
		if slices.ContainsFunc(n.Evidence, by) && n.Type != "git-repo" {
			out = append(out, fmt.Sprintf("%s %s %v", n.ID, n.Type, n.Attrs))
		}
	}
	for _, e := range g.Edges() {
		if slices.ContainsFunc(e.Evidence, by) {
			out = append(out, fmt.Sprintf("%s -%s-> %s %v", e.From, e.Kind, e.To, e.Attrs))
		}
	}
	return out
}
