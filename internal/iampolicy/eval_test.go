package iampolicy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The cases follow the examples and rules of AWS's "Policy evaluation
// logic" pages (identity and resource policies, permissions boundaries,
// SCPs, explicit deny), written by hand from the documented logic.
const (
	carlosARN = "arn:aws:iam::123456789012:user/carlossalazar"
	// The identity policy of the identity-and-resource example: list any
	// bucket, everything in his own bucket, nothing in a log bucket.
	carlosPolicy = `{"Version":"2012-10-17","Statement":[
	 {"Sid":"AllowS3ListRead","Effect":"Allow","Action":["s3:GetBucketLocation","s3:ListAllMyBuckets"],"Resource":"*"},
	 {"Sid":"AllowS3Self","Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::carlossalazar/*","arn:aws:s3:::carlossalazar"]},
	 {"Sid":"DenyS3Logs","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::*log*"}]}`
	// The bucket policy of the example: denies everyone outside the
	// corporate range.
	carlosBucket = `{"Version":"2012-10-17","Statement":[
	 {"Sid":"IPDeny","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":"arn:aws:s3:::carlossalazar/*",
	  "Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`
	// The permissions boundary example: the boundary allows S3, CloudWatch
	// and EC2; the identity policy allows creating users.
	shirleyBoundary = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","cloudwatch:*","ec2:*"],"Resource":"*"}}`
	shirleyPolicy   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateUser","ec2:DescribeInstances"],"Resource":"*"}]}`
	// NotAction: everything but IAM.
	notIAM = `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`
	// Deny everything but MFA self-service without MFA (the documented
	// NotAction + BoolIfExists example).
	requireMFA = `{"Statement":[{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny",
	 "NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:ListMFADevices","sts:GetSessionToken"],
	 "Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}`
	admin     = `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	notBucket = `{"Statement":[{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::mybucket","arn:aws:s3:::mybucket/*"]}]}`
	scpEC2    = `{"Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`
	// A bucket policy that names the user itself, and one that names only
	// the account (delegating to IAM).
	bucketNamesUser    = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + carlosARN + `"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]}`
	bucketNamesRole    = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/app"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]}`
	bucketNamesAccount = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared/*"}]}`
	passRoleTagged     = `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/app-*",
	 "Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}]}`
	trustAccount = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	trustUser    = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"` + carlosARN + `"},"Action":"sts:AssumeRole"}]}`
	trustService = `{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	ownUser      = `{"Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::123456789012:user/${aws:username}"}]}`
)

func named(name, doc string) Named { return Named{Name: name, Policy: MustParse(doc)} }

func ptr(n Named) *Named { return &n }

func TestEvaluate(t *testing.T) {
	inRange := Context{}.With("aws:SourceIp", "192.0.2.10")
	outside := Context{}.With("aws:SourceIp", "203.0.113.5")
	carlos := Set{Identity: []Named{named("carlos", carlosPolicy)}, Resource: ptr(named("bucket", carlosBucket))}
	shirley := Set{Identity: []Named{named("shirley", shirleyPolicy)}, Boundary: ptr(named("boundary", shirleyBoundary))}
	tests := []struct {
		name string
		set  Set
		req  Request
		want Decision
	}{
		{"identity allows listing", carlos, Request{Principal: carlosARN, Action: "s3:ListAllMyBuckets", Resource: "*", Context: inRange},
			Decision{Effect: Allow, Policy: "carlos", Sid: "AllowS3ListRead"}},
		{"own bucket object from the corporate range", carlos, Request{Principal: carlosARN, Action: "s3:GetObject", Resource: "arn:aws:s3:::carlossalazar/report.csv", Context: inRange},
			Decision{Effect: Allow, Policy: "carlos", Sid: "AllowS3Self"}},
		{"own bucket object from elsewhere: the bucket denies", carlos, Request{Principal: carlosARN, Action: "s3:GetObject", Resource: "arn:aws:s3:::carlossalazar/report.csv", Context: outside},
			Decision{Effect: ExplicitDeny, Policy: "bucket", Sid: "IPDeny"}},
		{"source IP unknown: allowed unless the deny applies", carlos, Request{Principal: carlosARN, Action: "s3:GetObject", Resource: "arn:aws:s3:::carlossalazar/report.csv"},
			Decision{Effect: Allow, Conditional: true, Policy: "carlos", Sid: "AllowS3Self"}},
		{"explicit deny beats the allow on a log bucket", carlos, Request{Principal: carlosARN, Action: "s3:PutObject", Resource: "arn:aws:s3:::carlossalazar-logs/x", Context: inRange},
			Decision{Effect: ExplicitDeny, Policy: "carlos", Sid: "DenyS3Logs"}},
		{"another bucket is denied by default", carlos, Request{Principal: carlosARN, Action: "s3:GetObject", Resource: "arn:aws:s3:::other/x", Context: inRange},
			Decision{Effect: ImplicitDeny}},
		{"resources are case-sensitive", carlos, Request{Principal: carlosARN, Action: "s3:GetObject", Resource: "arn:aws:s3:::CarlosSalazar/x", Context: inRange},
			Decision{Effect: ImplicitDeny}},
		{"actions are not", carlos, Request{Principal: carlosARN, Action: "S3:getobject", Resource: "arn:aws:s3:::carlossalazar/x", Context: inRange},
			Decision{Effect: Allow, Policy: "carlos", Sid: "AllowS3Self"}},
		{"boundary without the action: implicit deny", shirley, Request{Action: "iam:CreateUser", Resource: "*"}, Decision{Effect: ImplicitDeny}},
		{"boundary and identity both allow", shirley, Request{Action: "ec2:DescribeInstances", Resource: "*"}, Decision{Effect: Allow, Policy: "shirley"}},
		{"boundary alone grants nothing", shirley, Request{Action: "s3:GetObject", Resource: "*"}, Decision{Effect: ImplicitDeny}},
		{"NotAction allows what it does not name", Set{Identity: []Named{named("p", notIAM)}}, Request{Action: "s3:GetObject", Resource: "*"}, Decision{Effect: Allow, Policy: "p"}},
		{"NotAction does not allow what it names", Set{Identity: []Named{named("p", notIAM)}}, Request{Action: "iam:CreateUser", Resource: "*"}, Decision{Effect: ImplicitDeny}},
		{"MFA deny applies without MFA", Set{Identity: []Named{named("admin", admin), named("mfa", requireMFA)}},
			Request{Action: "s3:GetObject", Resource: "*", Context: Context{}.With("aws:MultiFactorAuthPresent", "false")},
			Decision{Effect: ExplicitDeny, Policy: "mfa", Sid: "DenyAllExceptListedIfNoMFA"}},
		{"MFA deny: BoolIfExists holds when the key is absent (long-term keys)", Set{Identity: []Named{named("admin", admin), named("mfa", requireMFA)}},
			Request{Action: "s3:GetObject", Resource: "*", Context: Context{}.With("aws:MultiFactorAuthPresent")},
			Decision{Effect: ExplicitDeny, Policy: "mfa", Sid: "DenyAllExceptListedIfNoMFA"}},
		{"MFA deny spares the listed actions", Set{Identity: []Named{named("admin", admin), named("mfa", requireMFA)}},
			Request{Action: "iam:EnableMFADevice", Resource: "*", Context: Context{}.With("aws:MultiFactorAuthPresent", "false")},
			Decision{Effect: Allow, Policy: "admin"}},
		{"MFA deny lifted with MFA", Set{Identity: []Named{named("admin", admin), named("mfa", requireMFA)}},
			Request{Action: "s3:GetObject", Resource: "*", Context: Context{}.With("aws:MultiFactorAuthPresent", "true")},
			Decision{Effect: Allow, Policy: "admin"}},
		{"NotResource deny outside the bucket", Set{Identity: []Named{named("admin", admin), named("nb", notBucket)}},
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::other/x"}, Decision{Effect: ExplicitDeny, Policy: "nb"}},
		{"NotResource deny spares the bucket", Set{Identity: []Named{named("admin", admin), named("nb", notBucket)}},
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::mybucket/x"}, Decision{Effect: Allow, Policy: "admin"}},
		{"an SCP that does not allow denies", Set{Identity: []Named{named("admin", admin)}, SCPs: []Named{named("scp", scpEC2)}},
			Request{Action: "iam:CreateUser", Resource: "*"}, Decision{Effect: ImplicitDeny, Policy: "scp"}},
		{"an SCP that allows lets the identity policy decide", Set{Identity: []Named{named("admin", admin)}, SCPs: []Named{named("scp", scpEC2)}},
			Request{Action: "ec2:RunInstances", Resource: "*"}, Decision{Effect: Allow, Policy: "admin"}},
		{"a resource policy naming the user allows on its own", Set{Resource: ptr(named("shared", bucketNamesUser))},
			Request{Principal: carlosARN, Action: "s3:GetObject", Resource: "arn:aws:s3:::shared/a"}, Decision{Effect: Allow, Policy: "shared"}},
		{"a boundary does not cap a resource policy naming a user", Set{Resource: ptr(named("shared", bucketNamesUser)), Boundary: ptr(named("boundary", shirleyBoundary))},
			Request{Principal: carlosARN, Action: "s3:GetObject", Resource: "arn:aws:s3:::shared/a"}, Decision{Effect: Allow, Policy: "shared"}},
		{"a boundary caps a resource policy naming a role", Set{Resource: ptr(named("shared", bucketNamesRole)), Boundary: ptr(named("boundary", scpEC2))},
			Request{Principal: "arn:aws:iam::123456789012:role/app", Action: "s3:GetObject", Resource: "arn:aws:s3:::shared/a"}, Decision{Effect: ImplicitDeny}},
		{"a resource policy naming the account defers to IAM", Set{Resource: ptr(named("shared", bucketNamesAccount))},
			Request{Principal: carlosARN, Action: "s3:GetObject", Resource: "arn:aws:s3:::shared/a"}, Decision{Effect: ImplicitDeny}},
		{"a trust naming the account needs the identity policy", Set{Resource: ptr(named("trust", trustAccount)), ResourceRequired: true},
			Request{Principal: carlosARN, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/r"}, Decision{Effect: ImplicitDeny}},
		{"a trust naming the account, and the identity policy allows", Set{Identity: []Named{named("admin", admin)}, Resource: ptr(named("trust", trustAccount)), ResourceRequired: true},
			Request{Principal: carlosARN, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/r"}, Decision{Effect: Allow, Policy: "admin"}},
		{"a trust naming the user allows on its own", Set{Resource: ptr(named("trust", trustUser)), ResourceRequired: true},
			Request{Principal: carlosARN, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/r"}, Decision{Effect: Allow, Policy: "trust"}},
		{"across accounts the identity policy must allow too", Set{Resource: ptr(named("trust", trustUser)), ResourceRequired: true},
			Request{Principal: carlosARN, Action: "sts:AssumeRole", Resource: "arn:aws:iam::999988887777:role/r"}, Decision{Effect: ImplicitDeny}},
		{"a trust of a service only admits no user, whatever the identity policy", Set{Identity: []Named{named("admin", admin)}, Resource: ptr(named("trust", trustService)), ResourceRequired: true},
			Request{Principal: carlosARN, Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/r"}, Decision{Effect: ImplicitDeny, Policy: "trust"}},
		{"wildcard resource with a known condition", Set{Identity: []Named{named("pr", passRoleTagged)}},
			Request{Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app-web", Context: Context{}.With("iam:PassedToService", "lambda.amazonaws.com")},
			Decision{Effect: Allow, Policy: "pr"}},
		{"condition against the service", Set{Identity: []Named{named("pr", passRoleTagged)}},
			Request{Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app-web", Context: Context{}.With("iam:PassedToService", "ec2.amazonaws.com")},
			Decision{Effect: ImplicitDeny}},
		{"condition key unknown: maybe", Set{Identity: []Named{named("pr", passRoleTagged)}},
			Request{Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/app-web"},
			Decision{Effect: Allow, Conditional: true, Policy: "pr"}},
		{"? matches exactly one character", Set{Identity: []Named{named("q", `{"Statement":{"Effect":"Allow","Action":"iam:?etRole","Resource":"*"}}`)}},
			Request{Action: "iam:GetRole", Resource: "*"}, Decision{Effect: Allow, Policy: "q"}},
		{"policy variable from context", Set{Identity: []Named{named("own", ownUser)}},
			Request{Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::123456789012:user/bob", Context: Context{}.With("aws:username", "alice")},
			Decision{Effect: ImplicitDeny}},
		{"policy variable unknown: maybe", Set{Identity: []Named{named("own", ownUser)}},
			Request{Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::123456789012:user/bob"},
			Decision{Effect: Allow, Conditional: true, Policy: "own"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Evaluate(tt.set, tt.req)); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
		})
	}
}
