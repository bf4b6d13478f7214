package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/github/githubtest"
	"github.com/convene-dev/convene/graph"
)

// TestScanGitHubOrganisation inventories an organisation with nothing
// checked out: `convene scan` of an empty folder, with the github
// connector configured against a local GitHub API, finds the workflows and
// resolves a vars.X role through the variable read live.
func TestScanGitHubOrganisation(t *testing.T) {
	s := githubtest.New()
	defer s.Close()
	s.Repo("northwind", "payments-api", 1, map[string][]byte{
		".github/workflows/release.yml": []byte(`on: {push: {branches: [main]}}
permissions: {id-token: write, contents: read}
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: ${{ vars.RELEASE_ROLE }}
          aws-region: eu-west-1
      - run: ./release.sh
        env: {NPM_TOKEN: "${{ secrets.NPM_TOKEN }}"}
`),
	})
	s.JSON("/repos/northwind/payments-api/actions/variables", `{"total_count":1,"variables":[{"name":"RELEASE_ROLE","value":"arn:aws:iam::111122223333:role/release"}]}`)
	s.JSON("/repos/northwind/payments-api/actions/secrets", `{"total_count":1,"secrets":[{"name":"NPM_TOKEN","created_at":"2024-01-01T00:00:00Z","updated_at":"2025-01-01T00:00:00Z"}]}`)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "convene.yaml")
	os.WriteFile(cfg, []byte("version: 1\ngithub:\n  enabled: true\n  api_url: "+s.APIURL()+"\n  host: github.com\n  organizations: [northwind]\n"), 0o644)
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	out := filepath.Join(dir, "graph.json")
	t.Setenv("GITHUB_TOKEN", "ghp_cli_test")
	_, stderr, code := run(t, "scan", empty, "--config", cfg, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := graph.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	job := "github.com/northwind/payments-api/.github/workflows/release.yml#release"
	want := map[string]bool{
		job + " -assumes-> arn:aws:iam::111122223333:role/release":                                         false,
		job + " -uses-> github.com/northwind/payments-api/secrets/NPM_TOKEN":                               false,
		"github.com/northwind/payments-api/secrets/NPM_TOKEN -part_of-> github.com/northwind/payments-api": false,
	}
	for _, e := range g.Edges() {
		k := e.From + " -" + string(e.Kind) + "-> " + e.To
		if _, ok := want[k]; ok {
			want[k] = true
		}
	}
	for k, found := range want {
		if !found {
			t.Errorf("no edge %s", k)
		}
	}
	if n, _ := g.Node("github.com/northwind/payments-api/secrets/NPM_TOKEN"); n.Attrs["updated_at"] != "2025-01-01T00:00:00Z" {
		t.Errorf("NPM_TOKEN attrs = %v", n.Attrs)
	}
	data, _ := os.ReadFile(out)
	if strings.Contains(string(data), "ghp_cli_test") {
		t.Error("the token is in the graph")
	}
}
