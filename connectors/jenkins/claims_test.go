package jenkins

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestClaims checks the file names taken for Jenkinsfiles: the suffixed
// spellings real repositories use (Jenkinsfile_k8s, Jenkinsfile-release,
// release.jenkinsfile), and not the IDE's pipeline descriptor
// (Jenkinsfile.gdsl) or other non-pipeline neighbours.
func TestClaims(t *testing.T) {
	tests := map[string]bool{
		"Jenkinsfile":                    true,
		"ci/Jenkinsfile_k8s":             true,
		"Jenkinsfile_release":            true,
		"Jenkinsfile-nightly":            true,
		"Jenkinsfile.release":            true,
		"Jenkinsfile.groovy":             true,
		"jobs/deploy.jenkinsfile":        true,
		"jobs/Deploy.Jenkinsfile":        true,
		"Jenkinsfile.d/core/release":     true,
		"Jenkinsfile.gdsl":               false,
		"src/Jenkinsfile.gdsl":           false,
		"Jenkinsfile.md":                 false,
		"Jenkinsfile.txt":                false,
		"Jenkinsfile.orig":               false,
		"Jenkinsfile_test.go":            false,
		"docs/Jenkinsfile.example.png":   false,
		"JenkinsfileRunner.java":         false,
		"Jenkinsfile.d/README.md":        false,
		"checkout/Jenkinsfile.d/weekly":  true,
		"resources/jenkinsfile.template": false,
	}
	got := map[string]bool{}
	for p := range tests {
		got[p] = New().Claims(p, nil)
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("Claims (-want +got):\n%s", diff)
	}
}

// TestRootDottedName checks that a Jenkinsfile deep in a repository whose
// name holds dots belongs to that repository, not to one named after the
// folders below it.
func TestRootDottedName(t *testing.T) {
	in := "src/github.com/org/name.with.dots/ci/jobs/Jenkinsfile"
	if got := filepath.ToSlash(Root(in)); got != "src/github.com/org/name.with.dots" {
		t.Errorf("Root(%s) = %s, want src/github.com/org/name.with.dots", in, got)
	}
}

// TestInlineIdentifiers checks that an identifier under a secret-sounding
// name is not taken for a hard-coded credential; a password still is.
func TestInlineIdentifiers(t *testing.T) {
	res := Parse(`pipeline {
  agent any
  environment {
    KEY_ALGORITHM = 'rsa-4096'
    DB_PASSWORD = 'Lit3ral-pa55word'
  }
  stages { stage('x') { steps { sh 'make' } } }
}`)
	var got []string
	for _, in := range res.r.inline {
		got = append(got, in.key)
	}
	if diff := cmp.Diff([]string{"DB_PASSWORD"}, got); diff != "" {
		t.Errorf("inline (-want +got):\n%s", diff)
	}
}
