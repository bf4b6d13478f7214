package secretlit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestFingerprint(t *testing.T) {
	const v = "hunter2-not-a-real-secret"
	fp := Fingerprint(v)
	if !strings.HasPrefix(fp, "sha256:") || len(fp) != len("sha256:")+12 {
		t.Errorf("Fingerprint = %q, want sha256: and 12 hex digits", fp)
	}
	if strings.Contains(fp, v) {
		t.Error("the fingerprint holds the value")
	}
	if Fingerprint(v) != fp || Fingerprint(v+"x") == fp {
		t.Error("the fingerprint is not a function of the value")
	}
}

func TestEncodeDecode(t *testing.T) {
	r := Record{Key: "DB_PASSWORD", Fingerprint: Fingerprint("x"), File: ".gitlab-ci.yml", Line: 7}
	enc := Encode([]Record{r, r})
	want := `[{"key":"DB_PASSWORD","fingerprint":"` + r.Fingerprint + `","file":".gitlab-ci.yml","line":7}]`
	if enc != want {
		t.Errorf("Encode = %s, want %s", enc, want)
	}
	if diff := cmp.Diff([]Record{r}, graph.DecodeInlineSecrets(enc)); diff != "" {
		t.Errorf("DecodeInlineSecrets (-want +got):\n%s", diff)
	}
	if Encode(nil) != "" || graph.DecodeInlineSecrets("not json") != nil {
		t.Error("no records should encode as empty, and bad text decode as none")
	}
}

func TestValue(t *testing.T) {
	for v, want := range map[string]bool{
		"Lit3ral-pa55word": true, "ghp1x2y3z4w5": true, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": true,
		"rsa-4096": false, "short": false, "secret/team/ci": false, "${TOKEN}1234": false,
		"release-key": false, "has space 123": false, "/etc/app/token": false, "./token.txt": false,
		"https://vault:8200": false, "required": false, "inherit": false, "12345678": false,
		"Lit3ral-pa55word\n": true, // a block scalar's final newline
	} {
		if got := Value(v); got != want {
			t.Errorf("Value(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestCorpusCases holds the inline values of the corpus
// (ci-pipelines/github-actions, agent-workflows) where the rules the
// connectors once had disagreed: each is a credential-named key with a
// literal the shared rule must record, or a list it must not.
func TestCorpusCases(t *testing.T) {
	for _, tc := range []struct {
		where, key, value string
		want              bool
	}{
		{"vault-action/.github_workflows_build.yml:140 (and 150, 160, 171, 179, 187)", "token", "testtoken", true},
		{"vault-action/.github_workflows_local-test.yaml:48", "token", "testtoken", true},
		{"vault-action/.github_workflows_local-test.yaml:55", "github-token", "foobar", true},
		{"openai+codex-action--examples_test-sandbox-protections.yml:28", "openai-api-key", "sk-proj-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV", true},
		{"grafana-shared-workflows/actions_get-vault-secrets_README.md:36", "common_secrets", "SECRET1=test-secret:testing\n", false},
		{"grafana-shared-workflows/actions_get-vault-secrets_README.md:39", "repo_secrets", "SECRET2=test-secret:key1\n", false},
	} {
		if got := Name(tc.key) && Value(tc.value); got != tc.want {
			t.Errorf("%s: %s = <value> is a credential: %v, want %v (Name %v, Value %v)", tc.where, tc.key, got, tc.want, Name(tc.key), Value(tc.value))
		}
	}
}
