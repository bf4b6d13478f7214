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

func TestName(t *testing.T) {
	for name, want := range map[string]bool{
		"DB_PASSWORD": true, "npm_token": true, "AWS_SECRET_ACCESS_KEY": true, "KUBECONFIG": true,
		"VAULT_AUTH_ROLE": false, "TOKEN_URL": false, "AWS_ACCESS_KEY_ID": false, "KEY_ALGORITHM": true, // its value (rsa-4096) is what Value rejects
		"DEPLOY_ENV": false,
	} {
		if got := Name(name); got != want {
			t.Errorf("Name(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestValue(t *testing.T) {
	for v, want := range map[string]bool{
		"Lit3ral-pa55word": true, "ghp1x2y3z4w5": true,
		"rsa-4096": false, "short1": false, "secret/team/ci": false, "${TOKEN}1234": false,
		"release-key": false, "has space 123": false,
	} {
		if got := Value(v); got != want {
			t.Errorf("Value(%q) = %v, want %v", v, got, want)
		}
	}
}
