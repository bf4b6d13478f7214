package iampolicy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCondition(t *testing.T) {
	tags := Context{}.With("aws:TagKeys", "env", "team")
	tests := []struct {
		name, op, key string
		want          []string
		ctx           Context
		out           Tri
	}{
		{"StringEquals", "StringEquals", "k", []string{"a", "b"}, Context{}.With("k", "b"), Yes},
		{"StringEquals is case-sensitive", "StringEquals", "k", []string{"a"}, Context{}.With("k", "A"), No},
		{"keys are not", "StringEquals", "K", []string{"a"}, Context{}.With("k", "a"), Yes},
		{"StringEqualsIgnoreCase", "StringEqualsIgnoreCase", "k", []string{"a"}, Context{}.With("k", "A"), Yes},
		{"StringNotEquals", "StringNotEquals", "k", []string{"a", "b"}, Context{}.With("k", "c"), Yes},
		{"StringNotEquals on a missing key", "StringNotEquals", "k", []string{"a"}, Context{}.With("k"), Yes},
		{"StringEquals on a missing key", "StringEquals", "k", []string{"a"}, Context{}.With("k"), No},
		{"StringLike", "StringLike", "sub", []string{"repo:org/*"}, Context{}.With("sub", "repo:org/app:ref:refs/heads/main"), Yes},
		{"StringNotLike", "StringNotLike", "sub", []string{"repo:org/*"}, Context{}.With("sub", "repo:other/app"), Yes},
		{"ArnLike", "ArnLike", "aws:SourceArn", []string{"arn:aws:sns:*:123456789012:*"}, Context{}.With("aws:SourceArn", "arn:aws:sns:eu-west-1:123456789012:t"), Yes},
		{"ArnNotLike", "ArnNotLike", "aws:SourceArn", []string{"arn:aws:sns:*:123456789012:*"}, Context{}.With("aws:SourceArn", "arn:aws:sns:eu-west-1:123456789012:t"), No},
		{"Bool", "Bool", "aws:SecureTransport", []string{"true"}, Context{}.With("aws:SecureTransport", "true"), Yes},
		{"IfExists with the key absent", "StringEqualsIfExists", "ec2:InstanceType", []string{"t3.micro"}, Context{}.With("ec2:InstanceType"), Yes},
		{"IfExists with the key present", "StringEqualsIfExists", "ec2:InstanceType", []string{"t3.micro"}, Context{}.With("ec2:InstanceType", "m5.large"), No},
		{"Null true: key absent", "Null", "aws:TokenIssueTime", []string{"true"}, Context{}.With("aws:TokenIssueTime"), Yes},
		{"Null false: key present", "Null", "aws:TokenIssueTime", []string{"false"}, Context{}.With("aws:TokenIssueTime", "x"), Yes},
		{"ForAllValues: every value in the set", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env", "team", "cost"}, tags, Yes},
		{"ForAllValues: one outside", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env"}, tags, No},
		{"ForAllValues holds on no values", "ForAllValues:StringEquals", "aws:TagKeys", []string{"env"}, Context{}.With("aws:TagKeys"), Yes},
		{"ForAnyValue: one in the set", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"team"}, tags, Yes},
		{"ForAnyValue fails on no values", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"team"}, Context{}.With("aws:TagKeys"), No},
		{"ForAllValues:StringNotEquals", "ForAllValues:StringNotEquals", "aws:TagKeys", []string{"secret"}, tags, Yes},
		{"IpAddress", "IpAddress", "aws:SourceIp", []string{"10.0.0.0/8"}, Context{}.With("aws:SourceIp", "10.1.2.3"), Yes},
		{"NumericLessThan", "NumericLessThan", "s3:max-keys", []string{"10"}, Context{}.With("s3:max-keys", "5"), Yes},
		{"unknown key is maybe", "StringEquals", "aws:PrincipalTag/team", []string{"a"}, Context{}, Maybe},
		{"unknown operator is maybe", "DateLessThan", "aws:CurrentTime", []string{"2030-01-01T00:00:00Z"}, Context{}.With("aws:CurrentTime", "2026-01-01T00:00:00Z"), Maybe},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.out, condition(tt.op, tt.key, tt.want, tt.ctx)); diff != "" {
				t.Errorf("condition (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseShapes(t *testing.T) {
	tests := []struct {
		name, doc string
		want      Policy
	}{
		{"one statement object, strings", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
			Policy{Statements: []Statement{{Effect: "Allow", Action: []string{"s3:*"}, Resource: []string{"*"}}}}},
		{"URL-encoded", `%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Deny%22%2C%22NotAction%22%3A%22iam%3A%2A%22%7D%5D%7D`,
			Policy{Statements: []Statement{{Effect: "Deny", NotAction: []string{"iam:*"}}}}},
		{"principal star and numeric condition values", `{"Statement":[{"Sid":"x","Effect":"Allow","Principal":"*","Action":["sts:AssumeRole"],"Condition":{"NumericLessThan":{"k":5}}}]}`,
			Policy{Statements: []Statement{{Sid: "x", Effect: "Allow", Principal: map[string][]string{"*": {"*"}}, Action: []string{"sts:AssumeRole"},
				Condition: map[string]map[string][]string{"NumericLessThan": {"k": {"5"}}}}}}},
		{"empty", ``, Policy{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := Parse([]byte(`{"Statement":[{"Effect":"Maybe"}]}`)); err == nil {
		t.Error("an Effect that is neither Allow nor Deny parsed")
	}
}

// FuzzEvaluate parses arbitrary documents and evaluates a request under
// them: no input may panic or hang.
func FuzzEvaluate(f *testing.F) {
	for _, s := range []string{carlosPolicy, carlosBucket, shirleyBoundary, requireMFA, notBucket, ownUser, passRoleTagged, `"%7B%7D"`, `{"Statement":null}`} {
		f.Add(s, "s3:GetObject", "arn:aws:s3:::carlossalazar/x")
	}
	f.Fuzz(func(t *testing.T, doc, action, resource string) {
		p, err := Parse([]byte(doc))
		if err != nil {
			return
		}
		n := Named{Name: "f", Policy: p}
		_ = Evaluate(Set{Identity: []Named{n}, Boundary: &n, Resource: &n}, Request{Principal: carlosARN, Action: action, Resource: resource,
			Context: Context{}.With("aws:username", "u")})
	})
}
