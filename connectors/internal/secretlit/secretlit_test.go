package secretlit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	if diff := cmp.Diff([]Record{r}, Decode(enc)); diff != "" {
		t.Errorf("Decode (-want +got):\n%s", diff)
	}
	if Encode(nil) != "" || Decode("not json") != nil {
		t.Error("no records should encode as empty, and bad text decode as none")
	}
}
