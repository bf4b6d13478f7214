package findings

import "testing"

func TestFingerprint(t *testing.T) {
	base := Finding{RuleID: "NHI-SHARED", Nodes: []string{"cred", "b", "a"}, Message: "shared by a and b"}
	same := []Finding{
		{RuleID: "NHI-SHARED", Nodes: []string{"cred", "a", "b"}, Message: "shared by a and b"},
		{RuleID: "NHI-SHARED", Nodes: []string{"cred", "b", "a"}, Message: "another wording"},
		{RuleID: "NHI-SHARED", Nodes: []string{"cred", "b", "a"}, Severity: High, New: true, Suppressed: "until Q1"},
	}
	for _, f := range same {
		if f.Fingerprint() != base.Fingerprint() {
			t.Errorf("%+v: fingerprint differs from %+v's", f, base)
		}
	}
	other := []Finding{
		{RuleID: "NHI-UNOWNED", Nodes: []string{"cred", "b", "a"}},
		{RuleID: "NHI-SHARED", Nodes: []string{"a", "b", "cred"}},
		{RuleID: "NHI-SHARED", Nodes: []string{"cred", "b"}},
		{RuleID: "NHI-SHARED", Nodes: []string{"cred", "b", "a"}, Secret: "sha256:0123456789ab"},
	}
	seen := map[string]bool{base.Fingerprint(): true}
	for _, f := range other {
		if seen[f.Fingerprint()] {
			t.Errorf("%+v: fingerprint met before", f)
		}
		seen[f.Fingerprint()] = true
	}
	a := Finding{RuleID: "NHI-INLINE-SECRET", Nodes: []string{"job"}, Secret: "sha256:0123456789ab"}
	b := Finding{RuleID: "NHI-INLINE-SECRET", Nodes: []string{"job"}, Secret: "sha256:ba9876543210"}
	if a.Fingerprint() == b.Fingerprint() {
		t.Error("another secret in the same place keeps the fingerprint")
	}
	if len(a.Fingerprint()) != 32 {
		t.Errorf("fingerprint %q: want 32 hex digits", a.Fingerprint())
	}
}

// TestSecretRecord checks that an inline-secret finding names key and
// fingerprint, not the record's file and line, and is identified by the
// fingerprints.
func TestSecretRecord(t *testing.T) {
	what, secret := secretRecord(`[{"key":"TOKEN","fingerprint":"sha256:0123456789ab","file":".github/workflows/ci.yml","line":9}]`)
	if what != "TOKEN=sha256:0123456789ab" || secret != "sha256:0123456789ab" {
		t.Errorf("secretRecord = %q, %q", what, secret)
	}
	if what, secret := secretRecord("sha256:967d77e93e82"); what != "sha256:967d77e93e82" || secret != what {
		t.Errorf("secretRecord(fingerprint) = %q, %q", what, secret)
	}
}
