package githubactions

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestSharedRuleCorpus checks the inline-secret rule GitHub Actions shares
// with the other connectors (secretlit) on the corpus workflows where it
// once differed from the connector's own rule: vault-action's test tokens
// and an openai-api-key input are recorded, each at its line. The grafana
// repo_secrets/common_secrets lists are in TestSharedRuleLists.
func TestSharedRuleCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not found at %s (the shared corpus is checked out beside the repository): %v", root, err)
	}
	type hit struct {
		Key  string
		Line int
	}
	for file, want := range map[string][]hit{
		"ci-pipelines/github-actions/vault-action/.github_workflows_build.yml": {
			{"token", 140}, {"token", 150}, {"token", 160}, {"token", 171}, {"token", 179}, {"token", 187}},
		"ci-pipelines/github-actions/vault-action/.github_workflows_local-test.yaml": {{"token", 48}, {"github-token", 55}},
		"agent-workflows/openai+codex-action--examples_test-sandbox-protections.yml": {{"openai-api-key", 28}},
		// A secret read from the store is no inline secret.
		"agent-workflows/openai+codex-action--examples_unprivileged-user.yml": nil,
	} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f := filepath.ToSlash(filepath.Join(root, filepath.FromSlash(file)))
			if _, err := os.Stat(f); err != nil {
				t.Skipf("corpus file missing: %v", err)
			}
			b := graph.NewBuilder()
			rp := corpusRepo(f)
			discoverFile(newCache(), f, b, &rp)
			var got []hit
			for _, n := range b.Build().Nodes() {
				for _, r := range graph.DecodeInlineSecrets(n.Attrs[graph.AttrHardcodedCredentials]) {
					if h := (hit{r.Key, r.Line}); !slices.Contains(got, h) {
						got = append(got, h)
					}
				}
			}
			slices.SortFunc(got, func(a, b hit) int { return a.Line - b.Line })
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("inline secrets (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSharedRuleLists checks that the secret lists of grafana's
// get-vault-secrets action, as its README
// (ci-pipelines/github-actions/grafana-shared-workflows/actions_get-vault-secrets_README.md,
// lines 36-40) passes them, are not taken for inline secrets: they name
// Vault paths to fetch.
func TestSharedRuleLists(t *testing.T) {
	wf := `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: grafana/shared-workflows/actions/get-vault-secrets@main
        with:
          # Secrets placed in the ci/common/<path> path in Vault
          common_secrets: |
            SECRET1=test-secret:testing
          # Secrets placed in the ci/repo/grafana/<repo>/<path> path in Vault
          repo_secrets: |
            SECRET2=test-secret:key1
`
	dir := t.TempDir()
	p := filepath.Join(dir, ".github", "workflows", "build.yml")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(wf), 0o644); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	rp := corpusRepo(filepath.ToSlash(p))
	discoverFile(newCache(), filepath.ToSlash(p), b, &rp)
	g := b.Build()
	for _, n := range g.Nodes() {
		if v := n.Attrs[graph.AttrHardcodedCredentials]; v != "" {
			t.Errorf("%s records inline secrets %s", n.ID, v)
		}
	}
	for _, d := range g.Diagnostics() {
		t.Errorf("diagnostic %s", d.Message)
	}
}
