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
