package findings

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// messages runs every rule on f and returns the messages of one rule,
// sorted.
func messages(t *testing.T, f fixture, rule string) []string {
	t.Helper()
	g := f.build()
	checkEveryScope(t, g)
	r, err := Run(context.Background(), g, Thresholds{Now: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, fd := range r.Findings {
		if fd.RuleID == rule {
			out = append(out, fd.Message)
		}
	}
	slices.Sort(out)
	return out
}

const (
	adminDoc    = `document={"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	iamStarDoc  = `document={"Statement":[{"Effect":"Allow","Action":["iam:*"],"Resource":["*"]}]}`
	notActDoc   = `document={"Statement":[{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}]}`
	powerDoc    = `document={"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}`
	s3Doc       = `document={"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	denyAllDoc  = `document={"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`
	denyCondDoc = `document={"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`
)

// Each case is a minimal input on which a rule stayed silent on real data
// (issue 14, defects 1–5), with the findings it must give.
func TestRulesOnRealShapes(t *testing.T) {
	tests := []struct {
		name string
		rule string
		in   fixture
		want []string
	}{
		{"external trust: an account only referenced is external", "NHI-EXTERNAL-TRUST", fixture{
			[]string{"aws-account:111122223333|location|aws-account|iam_read=true", "aws-account:999988887777|location|aws-account",
				"aws-account:222233334444|location|aws-account|iam_read=true",
				"arn:aws:iam::999988887777:root|identity|aws-account-root", "arn:aws:iam::222233334444:root|identity|aws-account-root",
				"arn:aws:iam::111122223333:role/vendor|identity|aws-role"},
			[]string{"arn:aws:iam::999988887777:root>assumes>arn:aws:iam::111122223333:role/vendor",
				"arn:aws:iam::999988887777:root>part_of>aws-account:999988887777",
				"arn:aws:iam::222233334444:root>assumes>arn:aws:iam::111122223333:role/vendor"}},
			[]string{"arn:aws:iam::111122223333:role/vendor trusts external account 999988887777 (its IAM was not scanned)"}},
		{"external trust: a wildcard principal is the widest external trust", "NHI-EXTERNAL-TRUST", fixture{
			[]string{"aws-account:123456789012|location|aws-account|iam_read=true", "aws-principal:*|identity|aws-anyone",
				"arn:aws:iam::123456789012:role/bad_role|identity|aws-role", "arn:aws:iam::123456789012:role/org_role|identity|aws-role"},
			[]string{"aws-principal:*>assumes>arn:aws:iam::123456789012:role/bad_role",
				`aws-principal:*>assumes>arn:aws:iam::123456789012:role/org_role|condition={"StringEquals":{"aws:PrincipalOrgID":["o-abc"]}}`}},
			[]string{
				"arn:aws:iam::123456789012:role/bad_role trusts any AWS principal (*)",
				`arn:aws:iam::123456789012:role/org_role trusts any AWS principal (*) under the condition {"StringEquals":{"aws:PrincipalOrgID":["o-abc"]}}`,
			}},
		{"scheduled CI using static cloud keys and Jenkins credentials", "NHI-SCHEDULED-STATIC-CRED", fixture{
			[]string{"gh/wf.yml#nightly|workload|ci-job|schedule=0 3 * * *", "gh/secrets/AWS_ACCESS_KEY_ID|credential|ci-secret",
				"gh/secrets/NPM_TOKEN|credential|ci-secret",
				"gl/.gitlab-ci.yml#sync|workload|ci-job|runs_on_schedule=true", "gl/variables/AWS_SECRET_ACCESS_KEY|credential|ci-secret",
				"gl/.gitlab-ci.yml#build|workload|ci-job", "gl/variables/DEPLOY_KEY|credential|ci-secret",
				"jk/Jenkinsfile|workload|ci-workflow|schedule=H 2 * * *|schedule_kind=cron", "jenkins-credential:aws-release|credential|jenkins-credential",
				"jk/Jenkinsfile.poll|workload|ci-workflow|schedule=H * * * *|schedule_kind=pollSCM",
				`jk/Jenkinsfile.both|workload|ci-workflow|schedule=H * * * *|schedule_kind=pollSCM|schedules=["pollSCM H * * * *","cron H 4 * * 1"]`},
			[]string{"gh/wf.yml#nightly>uses>gh/secrets/AWS_ACCESS_KEY_ID|aws_access_key=true", "gh/wf.yml#nightly>uses>gh/secrets/NPM_TOKEN",
				"gl/.gitlab-ci.yml#sync>uses>gl/variables/AWS_SECRET_ACCESS_KEY", "gl/.gitlab-ci.yml#build>uses>gl/variables/AWS_SECRET_ACCESS_KEY",
				"gl/.gitlab-ci.yml#sync>uses>gl/variables/DEPLOY_KEY|where=script",
				"jk/Jenkinsfile>uses>jenkins-credential:aws-release", "jk/Jenkinsfile.poll>uses>jenkins-credential:aws-release",
				"jk/Jenkinsfile.both>uses>jenkins-credential:aws-release"}},
			[]string{
				"scheduled ci-job uses the long-lived ci-secret gh/secrets/AWS_ACCESS_KEY_ID",
				"scheduled ci-job uses the long-lived ci-secret gl/variables/AWS_SECRET_ACCESS_KEY",
				"scheduled ci-workflow uses the long-lived jenkins-credential jenkins-credential:aws-release",
				"scheduled ci-workflow uses the long-lived jenkins-credential jenkins-credential:aws-release",
			}},
		{"admin through a group, custom documents, NotAction; Deny wins", "NHI-ADMIN", fixture{
			[]string{"u|identity|aws-user", "g|identity|aws-group", "arn:aws:iam::aws:policy/AdministratorAccess|policy|aws-managed-policy",
				"r-star|identity|aws-role", "p-star|policy|aws-inline-policy|" + adminDoc,
				"r-iam|identity|aws-role", "p-iam|policy|aws-managed-policy|" + iamStarDoc,
				"r-not|identity|aws-role", "p-not|policy|aws-managed-policy|" + notActDoc,
				"r-power|identity|aws-role", "p-power|policy|aws-managed-policy|" + powerDoc,
				"r-s3|identity|aws-role", "p-s3|policy|aws-managed-policy|" + s3Doc,
				"r-denied|identity|aws-role", "p-deny|policy|aws-inline-policy|" + denyAllDoc,
				"r-mfa|identity|aws-role", "p-denycond|policy|aws-inline-policy|" + denyCondDoc,
				"r-boundary|identity|aws-role"},
			[]string{"u>has_policy>g|via=group-membership", "g>has_policy>arn:aws:iam::aws:policy/AdministratorAccess",
				"r-star>has_policy>p-star", "r-iam>has_policy>p-iam", "r-not>has_policy>p-not", "r-power>has_policy>p-power", "r-s3>has_policy>p-s3",
				"r-denied>has_policy>p-star", "r-denied>has_policy>p-deny",
				"r-mfa>has_policy>p-star", "r-mfa>has_policy>p-denycond",
				"r-boundary>has_policy>p-star|via=permissions-boundary"}},
			[]string{
				"aws-role r-iam holds administrator access through p-iam",
				"aws-role r-mfa holds administrator access through p-star",
				"aws-role r-not holds administrator access through p-not",
				"aws-role r-star holds administrator access through p-star",
				"aws-user u holds administrator access through arn:aws:iam::aws:policy/AdministratorAccess (via group g)",
			}},
		{"credential report keys: old, unused and console users", "NHI-KEY-OLD", fixture{
			[]string{"arn:aws:iam::1:user/ci|identity|aws-user|password_enabled=true",
				"arn:aws:iam::1:user/ci/access-key-1|credential|aws-access-key|status=Active|last_rotated=2019-06-02T16:41:12Z",
				"arn:aws:iam::1:user/ci/access-key-2|credential|aws-access-key|status=Active|last_rotated=2026-11-20T00:00:00Z"},
			[]string{"arn:aws:iam::1:user/ci/access-key-1>key_of>arn:aws:iam::1:user/ci", "arn:aws:iam::1:user/ci/access-key-2>key_of>arn:aws:iam::1:user/ci"}},
			[]string{"access key arn:aws:iam::1:user/ci/access-key-1 is 2736 days old (limit 90)"}},
		{"console user with an active key; an inactive key alone is not use", "NHI-HUMAN-USE", fixture{
			[]string{"arn:aws:iam::1:user/ci|identity|aws-user|password_enabled=true", "arn:aws:iam::1:user/old|identity|aws-user|password_enabled=true",
				"arn:aws:iam::1:user/ci/access-key-1|credential|aws-access-key|status=Active",
				"arn:aws:iam::1:user/old/access-key-1|credential|aws-access-key|status=Inactive"},
			[]string{"arn:aws:iam::1:user/ci/access-key-1>key_of>arn:aws:iam::1:user/ci", "arn:aws:iam::1:user/old/access-key-1>key_of>arn:aws:iam::1:user/old"}},
			[]string{"user arn:aws:iam::1:user/ci has a console password and 1 active access key(s)"}},
		{"never used: roles and keys past the grace period; break-glass is meant to be idle", "NHI-UNUSED", fixture{
			[]string{"arn:aws:iam::1:role/old|identity|aws-role|last_used=never|created=2019-01-01T00:00:00Z",
				"arn:aws:iam::1:role/new|identity|aws-role|last_used=never|created=2026-11-20T00:00:00Z",
				"arn:aws:iam::1:role/undated|identity|aws-role|last_used=never",
				"arn:aws:iam::1:role/break-glass-admin|identity|aws-role|last_used=never|created=2019-01-01T00:00:00Z",
				"arn:aws:iam::1:role/unknown|identity|aws-role|created=2019-01-01T00:00:00Z",
				"arn:aws:iam::1:user/ci/access-key-1|credential|aws-access-key|never_used=true|last_rotated=2019-06-02T16:41:12Z",
				"arn:aws:iam::1:user/ci/access-key-2|credential|aws-access-key|never_used=true|last_rotated=2026-11-25T00:00:00Z"},
			nil},
			[]string{
				"aws-access-key arn:aws:iam::1:user/ci/access-key-1 has never been used",
				"aws-role arn:aws:iam::1:role/old has never been used",
				"aws-role arn:aws:iam::1:role/undated has never been used",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, messages(t, tt.in, tt.rule)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.rule, diff)
			}
		})
	}
}
