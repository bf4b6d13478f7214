package aws

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`"2019-05-07T15:40:22+00:00"`, "2019-05-07T15:40:22Z"},
		{`"2019-12-18 19:10:08+00:00"`, "2019-12-18T19:10:08Z"},
		{`"2019-04-30T16:26:38.618+0000"`, "2019-04-30T16:26:38Z"},
		{`"2019-10-17T15:47:00.587000-06:00"`, "2019-10-17T21:47:00Z"},
		{`"2024-06-01T12:00:00.123Z"`, "2024-06-01T12:00:00Z"},
		{`"2024-06-01"`, "2024-06-01T00:00:00Z"},
		{`1704164645`, "2024-01-02T03:04:05Z"},
		{`1704164645.5`, "2024-01-02T03:04:05Z"},
		{`1704164645000`, "2024-01-02T03:04:05Z"},
		{`{"__class__":"datetime","year":2025,"month":11,"day":19,"hour":23,"minute":4,"second":59,"microsecond":557000}`, "2025-11-19T23:04:59Z"},
		{`"N/A"`, ""},
		{`null`, ""},
		{`"yesterday"`, "yesterday"},
	}
	for _, tt := range tests {
		var got awsTime
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, string(got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want fileKind
	}{
		{`{"UserDetailList": []}`, kindAuthz},
		{`{"GroupDetailList": [], "Policies": []}`, kindAuthz},
		{`{"Functions": [{"FunctionArn": "arn:aws:lambda:..."}]}`, kindLambda},
		{`{"SecretList": []}`, kindSecrets},
		{`{"status_code": 200, "data": {"ARN": "arn:aws:secretsmanager:us-east-1:1:secret:x", "Name": "x"}}`, kindSecret},
		{`{"taskDefinition": {"containerDefinitions": []}}`, kindTask},
		{`{"Arn": "arn:aws:scheduler:eu-west-1:1:schedule/default/x", "ScheduleExpression": "rate(1 day)"}`, kindSchedule},
		{`{"AccessKeyMetadata": []}`, kindKeys},
		{`{"Content": "dXNlcg==", "ReportFormat": "text/csv"}`, kindCredJSON},
		{"user,arn,user_creation_time,password_enabled\n", kindCredCSV},
		{`{"clusterArns": []}`, kindUnknown},
		{`{"version": 1, "nodes": []}`, kindUnknown},
		{`[]`, kindUnknown},
	}
	for _, tt := range tests {
		if got := sniff([]byte(tt.head)); got != tt.want {
			t.Errorf("sniff(%s) = %q, want %q", tt.head, got, tt.want)
		}
	}
	if claimable("x.yaml", []byte(`{"SecretList": []}`)) {
		t.Error("a .yaml file was claimed")
	}
}

func TestParseDocument(t *testing.T) {
	want := document{Statements: []statement{{
		Effect: "Allow", Actions: []string{"sts:AssumeRole"}, Principals: map[string][]string{"AWS": {"arn:aws:iam::111122223333:root"}},
	}}}
	for _, in := range []string{
		// object, one statement object, principal as a bare string
		`{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}}`,
		// arrays everywhere
		`{"Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole"], "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}}]}`,
		// URL-encoded, as the IAM API returns it
		`"%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111122223333%3Aroot%22%7D%7D%7D"`,
		// a JSON string holding plain JSON
		`"{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}}}"`,
	} {
		got, err := parseDocument(json.RawMessage(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(document{}, statement{})); diff != "" {
			t.Errorf("%s (-want +got):\n%s", in, diff)
		}
	}
	if _, err := parseDocument(json.RawMessage(`{"Statement": [{"Action": {"x": 1}}]}`)); err == nil {
		t.Error("an object as Action was accepted")
	}
}

func TestWildMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		fold, want bool
	}{
		{"*", "anything", false, true},
		{"secretsmanager:Get*", "secretsmanager:GetSecretValue", true, true},
		{"SecretsManager:getsecretvalue", "secretsmanager:GetSecretValue", true, true},
		{"arn:aws:secretsmanager:*:111122223333:secret:payments/*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/stripe-a1B2c3", false, true},
		{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/stripe-??????", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/stripe-a1B2c3", false, true},
		{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:ledger/*", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/x", false, false},
		{"a*b*c*d*e*f*g", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, false},
		{"", "", false, true},
	}
	for _, tt := range tests {
		if got := wildMatch(tt.pattern, tt.s, tt.fold); got != tt.want {
			t.Errorf("wildMatch(%q, %q) = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestUnqualified(t *testing.T) {
	tests := []struct{ in, id, q string }{
		{"arn:aws:lambda:eu-west-1:1:function:f", "arn:aws:lambda:eu-west-1:1:function:f", ""},
		{"arn:aws:lambda:eu-west-1:1:function:f:prod", "arn:aws:lambda:eu-west-1:1:function:f", "prod"},
		{"arn:aws:ecs:eu-west-1:1:task-definition/ledger-worker:14", "arn:aws:ecs:eu-west-1:1:task-definition/ledger-worker", "14"},
		{"not-an-arn", "not-an-arn", ""},
	}
	for _, tt := range tests {
		id, q := unqualified(tt.in)
		if id != tt.id || q != tt.q {
			t.Errorf("unqualified(%q) = %q, %q; want %q, %q", tt.in, id, q, tt.id, tt.q)
		}
	}
}
