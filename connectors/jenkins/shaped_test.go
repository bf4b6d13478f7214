package jenkins

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// TestShaped checks that a credential told by its form is recorded under
// the variable or named argument it is the value of, else under its kind
// (at its own line in a multi-line script), that an access key's ID is
// always aws-access-key-id, that a value already recorded under a
// secret's name is recorded once, and that placeholders and
// interpolations are not.
func TestShaped(t *testing.T) {
	const (
		ghp   = "ghp_R4nd0mL00kingT0kenN0tIssued12345678"
		glpat = "glpat-Zx9Rt2Lm4Qw8Np6Vb3Kc"
		akia  = "AKIAZNWCIDEPLOY00001"
		slack = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"
	)
	src := `pipeline {
  agent any
  environment {
    DEPLOY = '` + ghp + `'
    AWS_ACCESS_KEY_ID = '` + akia + `'
    GITHUB_TOKEN = '` + ghp + `'
    NOTE = 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
  }
  stages {
    stage('x') {
      steps {
        sh """
          make
          curl -H 'PRIVATE-TOKEN: ` + glpat + `' https://gitlab.example.com
          curl -H "Authorization: Bearer ${TOKEN}" https://example.com
        """
        slackSend(token: '` + slack + `', message: 'sk-your-key-here')
      }
    }
  }
}`
	res := Parse(src)
	type rec struct {
		key, fp string
		line    int
	}
	var got []rec
	for _, in := range res.r.inline {
		got = append(got, rec{in.key, in.fingerprint, in.line})
	}
	fp := secretlit.Fingerprint
	want := []rec{
		{"GITHUB_TOKEN", fp(ghp), 6},
		{"DEPLOY", fp(ghp), 4},
		{"aws-access-key-id", fp(akia), 5},
		{"gitlab-token", fp(glpat), 14},
		{"token", fp(slack), 17},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(rec{})); diff != "" {
		t.Errorf("inline (-want +got):\n%s", diff)
	}
	f := filepath.Join(t.TempDir(), "Jenkinsfile")
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	DiscoverFile(filepath.ToSlash(f), b, &repo.Repo{Name: "app", Root: filepath.ToSlash(filepath.Dir(f))})
	out := b.Build().String()
	for _, v := range []string{ghp, glpat, akia, slack} {
		if strings.Contains(out, v) {
			t.Errorf("the graph holds the value %q", v)
		}
		if !strings.Contains(out, fp(v)) {
			t.Errorf("the graph lacks the fingerprint of %q", v)
		}
	}
}
