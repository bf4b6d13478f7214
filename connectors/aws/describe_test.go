package aws

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLiveSettingsPermissions: the permissions listed are ReadOnlyPolicy's
// actions, sorted, and the AssumeRole into listed accounts.
func TestLiveSettingsPermissions(t *testing.T) {
	_, got := New(nil).LiveSettings()
	want := []string{
		"acm:DescribeCertificate", "acm:ListCertificates",
		"ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions",
		"iam:GetAccessKeyLastUsed", "iam:GetAccountAuthorizationDetails", "iam:ListAccessKeys",
		"lambda:ListFunctions",
		"scheduler:GetSchedule", "scheduler:ListSchedules",
		"secretsmanager:ListSecrets",
		"sts:AssumeRole (into each listed account)", "sts:GetCallerIdentity",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
}
