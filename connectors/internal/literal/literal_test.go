package literal

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIdentifier holds values seen under credential-sounding keys in real
// workflows and pipelines (google-github-actions/auth inputs, aws and
// vault actions, gh-aw env blocks) beside secrets of the shapes CI files
// leak.
func TestIdentifier(t *testing.T) {
	tests := map[string]bool{
		// Enumerations and identifiers.
		"access_token": true, "id_token": true, "ACCESS_TOKEN": true, "sts.amazonaws.com": true,
		"us-east-1": true, "rsa-4096": true, "aes-256-gcm": true, "true": true, "300s": true,
		"3600": true, "123456789012": true, "arn:aws:iam::123456789012:role/deploy": true,
		"GH_AW_GITHUB_TOKEN,GITHUB_TOKEN,MINIMAX_API_KEY": true, "read-only": true,
		"ci@example.com": true,
		// Secrets, or values that could be.
		"testtoken": false, "foobar": false, "Lit3ral-pa55word": false, "hunter2": false,
		"sk-proj-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ": false,
		"ghp_16C7e42F292c6912E7710c838347Ae178B4a":                     false, "AKIAIOSFODNN7EXAMPLE": false,
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY": false, "s.Qf1s5zigZ4OX6akYjQXJC1jY": false,
	}
	got := map[string]bool{}
	for v := range tests {
		got[v] = Identifier(v)
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("Identifier (-want +got):\n%s", diff)
	}
}

func FuzzIdentifier(f *testing.F) {
	for _, s := range []string{"access_token", "us-east-1", "Lit3ral-pa55word", "", "a,b", "arn:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if Identifier(s) && len(s) > 0 && !Identifier(s+" ") {
			t.Fatalf("Identifier(%q) depends on trailing space", s)
		}
	})
}
