package connectors

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/backstage"
	"github.com/convene-dev/convene/connectors/codeowners"
	"github.com/convene-dev/convene/connectors/github"
	"github.com/convene-dev/convene/connectors/github/githubtest"
	"github.com/convene-dev/convene/connectors/githubactions"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// TestGitHubLiveEqualsCheckout proves that a repository read live through
// the GitHub API and the same repository read from a checkout give the same
// nodes and edges from the file connectors: same IDs, same edges.
func TestGitHubLiveEqualsCheckout(t *testing.T) {
	const root = "../testdata/estate/repos/github.com/northwind/payments-api"
	fileConns := func() []Connector { return []Connector{githubactions.New(), codeowners.New(), backstage.New()} }

	// From the checkout, routed as `convene scan` routes it.
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

	// Live, from a server holding the same files.
	files := map[string][]byte{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files[filepath.ToSlash(rel)], _ = os.ReadFile(p)
		}
		return nil
	})
	s := githubtest.New()
	defer s.Close()
	s.Repo("northwind", "payments-api", 1, files)
	t.Setenv("GITHUB_TOKEN", "x")
	cfg := config.Default()
	cfg.GitHub = config.GitHub{Enabled: true, APIURL: s.APIURL(), Host: "github.com", Organizations: []string{"northwind"}}
	live := graph.NewBuilder()
	if err := github.New(cfg, RouteFS(fileConns()...)).Discover(context.Background(), nil, live); err != nil {
		t.Fatal(err)
	}

	dg, lg := disk.Build(), live.Build()
	fromFiles := func(g *graph.Graph) (nodes, edges []string) {
		for _, n := range g.Nodes() {
			if slices.ContainsFunc(n.Evidence, func(e graph.Evidence) bool { return e.Connector != github.Name }) {
				attrs := fmt.Sprint(n.Attrs)
				if n.Type == "git-repo" {
					attrs = "" // the live connector adds the repository's settings
				}
				nodes = append(nodes, n.ID+" "+string(n.Kind)+" "+n.Type+" "+attrs)
			}
		}
		for _, e := range g.Edges() {
			if slices.ContainsFunc(e.Evidence, func(e graph.Evidence) bool { return e.Connector != github.Name }) {
				edges = append(edges, e.From+" -"+string(e.Kind)+"-> "+e.To)
			}
		}
		return nodes, edges
	}
	dn, de := fromFiles(dg)
	ln, le := fromFiles(lg)
	if len(dn) < 10 || len(de) < 10 {
		t.Fatalf("the checkout gave only %d nodes and %d edges", len(dn), len(de))
	}
	if diff := cmp.Diff(dn, ln); diff != "" {
		t.Errorf("nodes (-checkout +live):\n%s", diff)
	}
	if diff := cmp.Diff(de, le); diff != "" {
		t.Errorf("edges (-checkout +live):\n%s", diff)
	}
	t.Logf("%d nodes and %d edges identical", len(dn), len(de))
}
