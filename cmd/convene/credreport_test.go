package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanRotateUserFromCredentialReport: a credential report alone (no
// list-access-keys export) gives a user's keys, so rotating the user
// rotates them and the console-plus-key finding fires (issue 14, defect 4).
func TestPlanRotateUserFromCredentialReport(t *testing.T) {
	dir := t.TempDir()
	report := "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
		"access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
		"access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
		"cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n" +
		"ci,arn:aws:iam::111122223333:user/ci,2019-06-02T16:40:03+00:00,true,2026-11-01T00:00:00+00:00,N/A,N/A,false," +
		"true,2019-06-02T16:41:12+00:00,2026-11-27T06:15:00+00:00,eu-west-1,s3,true,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A\n"
	if err := os.WriteFile(filepath.Join(dir, "credential-report.csv"), []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	graphFile := filepath.Join(t.TempDir(), "g.json")
	if _, stderr, code := run(t, "scan", dir, "--out", graphFile); code != 0 {
		t.Fatal(stderr)
	}
	out, stderr, code := runAt(t, "plan", "rotate", "user/ci", "--graph", graphFile)
	if code != 0 || !strings.Contains(out, "rotates its 2 key(s)") {
		t.Errorf("plan rotate user/ci: code %d, stderr %q, stdout:\n%s", code, stderr, out)
	}
	out, _, _ = runAt(t, "findings", "--graph", graphFile)
	for _, want := range []string{
		"NHI-HUMAN-USE: user arn:aws:iam::111122223333:user/ci has a console password and 2 active access key(s)",
		"NHI-KEY-OLD: access key arn:aws:iam::111122223333:user/ci/access-key-1 is",
		"NHI-UNUSED: aws-access-key arn:aws:iam::111122223333:user/ci/access-key-2 has never been used",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("findings lack %q:\n%s", want, out)
		}
	}
}
