package githubactions

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// TestInlineCredentials checks the hard-coded credential heuristic on the
// inputs real workflows give auth actions: enumerations and identifiers
// under credential-sounding keys (token_format: access_token) are not
// credentials; a literal token still is.
func TestInlineCredentials(t *testing.T) {
	wf := `on: push
permissions: {id-token: write}
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      GH_AW_SECRET_NAMES: 'GH_AW_GITHUB_TOKEN,GITHUB_TOKEN'
      API_TOKEN: Lit3ral-pa55word
    steps:
      - uses: google-github-actions/auth@v2
        with:
          workload_identity_provider: projects/123/locations/global/workloadIdentityPools/gh/providers/gh
          service_account: deploy@proj.iam.gserviceaccount.com
          token_format: access_token
          access_token_lifetime: 300s
          access_token_scopes: https://www.googleapis.com/auth/cloud-platform
          create_credentials_file: true
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: us-east-1
          role-session-name: GithubActionsSession
          audience: sts.amazonaws.com
          mask-aws-account-id: true
          output-credentials: true
      - uses: hashicorp/vault-action@v3
        with:
          url: http://127.0.0.1:8200
          token: testtoken
          secrets: secret/data/test secret | TEST
`
	dir := t.TempDir()
	p := filepath.Join(dir, ".github", "workflows", "deploy.yml")
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(wf), 0o644); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	rp := repo.Repo{Host: "github.com", Owner: "acme", Name: "app", Root: filepath.ToSlash(dir), Source: "path"}
	discoverFile(newCache(), filepath.ToSlash(p), b, &rp)
	var got []string
	for _, d := range b.Build().Diagnostics() {
		got = append(got, d.Message)
	}
	want := []string{
		"hard-coded credential in env API_TOKEN (sha256:ae829f5a5195); move it into a secret and rotate it",
		"hard-coded credential in with token (sha256:ada63e98fe50); move it into a secret and rotate it",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}
