package gitlabci

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// Fake credentials of known forms, issued by no one.
const (
	shapedGHP   = "ghp_R4nd0mL00kingT0kenN0tIssued12345678"
	shapedGLPAT = "glpat-Zx9Rt2Lm4Qw8Np6Vb3Kc"
	shapedAKIA  = "AKIAZNWCIDEPLOY00001"
)

// TestShapedCredentials checks that a credential told by its form is
// recorded under a name the name rule does not call secret (deploy:),
// in a script line (under its kind), and as an access key's ID (always
// aws-access-key-id), that placeholders are not, and that no value
// reaches the graph.
func TestShapedCredentials(t *testing.T) {
	g := scanRepo(t, map[string]string{".gitlab-ci.yml": `variables:
  deploy: ` + shapedGHP + `
  AWS_ACCESS_KEY_ID: ` + shapedAKIA + `
  EXAMPLE_TOKEN_FORMAT: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
release:
  variables:
    NOTE: sk-your-key-here
  script:
    - 'curl -H "PRIVATE-TOKEN: ` + shapedGLPAT + `" https://gitlab.example.com/api/v4/projects'
    - curl -H "PRIVATE-TOKEN: $RELEASE_TOKEN" https://gitlab.example.com/api/v4/user
`})
	recs := func(id string) []secretlit.Record {
		n, ok := g.Node(id)
		if !ok {
			t.Fatalf("no node %s", id)
		}
		return graph.DecodeInlineSecrets(n.Attrs[string(graph.AttrHardcodedCredentials)])
	}
	const file = ".gitlab-ci.yml"
	want := []secretlit.Record{
		{Key: "deploy", Fingerprint: secretlit.Fingerprint(shapedGHP), File: file, Line: 2},
		{Key: "aws-access-key-id", Fingerprint: secretlit.Fingerprint(shapedAKIA), File: file, Line: 3},
	}
	if diff := cmp.Diff(want, recs("gitlab.com/acme/app/.gitlab-ci.yml")); diff != "" {
		t.Errorf("pipeline hardcoded_credentials (-want +got):\n%s", diff)
	}
	want = []secretlit.Record{{Key: "gitlab-token", Fingerprint: secretlit.Fingerprint(shapedGLPAT), File: file, Line: 9}}
	if diff := cmp.Diff(want, recs("gitlab.com/acme/app/.gitlab-ci.yml#release")); diff != "" {
		t.Errorf("job hardcoded_credentials (-want +got):\n%s", diff)
	}
	for _, v := range []string{shapedGHP, shapedGLPAT, shapedAKIA} {
		if strings.Contains(g.String(), v) {
			t.Errorf("the graph holds the value %q", v)
		}
	}
}
