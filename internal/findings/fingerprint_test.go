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

// TestSecretRecords checks that an inline-secret finding names key and
// fingerprint, not the record's file and line, is identified by the
// fingerprints, and that a value holding no record reports nothing.
func TestSecretRecords(t *testing.T) {
	what, secret, ok := secretRecords(`[{"key":"TOKEN","fingerprint":"sha256:0123456789ab","file":".github/workflows/ci.yml","line":9},{"key":"B","fingerprint":"sha256:0123456789ab","file":"b.yml","line":2}]`)
	if !ok || what != "TOKEN=sha256:0123456789ab, B=sha256:0123456789ab" || secret != "sha256:0123456789ab" {
		t.Errorf("secretRecords = %q, %q, %v", what, secret, ok)
	}
	for _, v := range []string{"sha256:967d77e93e82", "", `[{"key":"X"}]`} {
		if what, secret, ok := secretRecords(v); ok || what != "" || secret != "" {
			t.Errorf("secretRecords(%q) = %q, %q, %v; want nothing", v, what, secret, ok)
		}
	}
}
