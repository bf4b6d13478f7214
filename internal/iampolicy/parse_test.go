package iampolicy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseFields covers what the inventory connectors read beyond what
// evaluation needs: the Version, and a Condition operator written as null
// (kept, so the stored condition says what the document said).
func TestParseFields(t *testing.T) {
	tests := []struct {
		name, doc string
		want      Policy
	}{
		{"Version as written", `{"Version":"2012-10-17","Statement":[]}`, Policy{Version: "2012-10-17"}},
		{"a numeric Version is only a label", `{"Version":2012,"Statement":[]}`, Policy{}},
		{"Version of a URL-encoded document", `"%7B%22Version%22%3A%222008-10-17%22%7D"`, Policy{Version: "2008-10-17"}},
		{"Sid with an escape, and a numeric Sid only a label", `{"Statement":[{"Sid":"a\u0062\"","Effect":"Allow"},{"Sid":7,"Effect":"Deny"}]}`,
			Policy{Statements: []Statement{{Sid: `ab"`, Effect: "Allow"}, {Effect: "Deny"}}}},
		{"Sid not valid UTF-8 reads as encoding/json reads it", "{\"Statement\":{\"Sid\":\"a\xffb\",\"Effect\":\"Allow\"}}",
			Policy{Statements: []Statement{{Sid: "a\uFFFDb", Effect: "Allow"}}}},
		{"NotPrincipal with no entries is still a NotPrincipal", `{"Statement":{"Effect":"Deny","NotPrincipal":{},"Action":"*"}}`,
			Policy{Statements: []Statement{{Effect: "Deny", NotPrincipal: map[string][]string{}, Action: []string{"*"}}}}},
		{"every principal kind", `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":["111122223333"],"Service":"ec2.amazonaws.com","Federated":"accounts.google.com","CanonicalUser":"79a5"}}}`,
			Policy{Statements: []Statement{{Effect: "Allow", Action: []string{"sts:AssumeRole"}, Principal: map[string][]string{
				"AWS": {"111122223333"}, "Service": {"ec2.amazonaws.com"}, "Federated": {"accounts.google.com"}, "CanonicalUser": {"79a5"}}}}}},
		{"a condition operator written as null stays null", `{"Statement":{"Effect":"Allow","Action":"*","Condition":{"Null":null,"Bool":{"aws:SecureTransport":true}}}}`,
			Policy{Statements: []Statement{{Effect: "Allow", Action: []string{"*"}, Condition: map[string]map[string][]string{
				"Null": nil, "Bool": {"aws:SecureTransport": {"true"}}}}}}},
		{"an empty Condition is none", `{"Statement":{"Effect":"Allow","Action":"*","Condition":{}}}`,
			Policy{Statements: []Statement{{Effect: "Allow", Action: []string{"*"}}}}},
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
}

// TestParseForms: the shapes one document takes in IAM exports and API
// answers all read alike.
func TestParseForms(t *testing.T) {
	want := Policy{Statements: []Statement{{
		Effect: "Allow", Action: []string{"sts:AssumeRole"}, Principal: map[string][]string{"AWS": {"arn:aws:iam::111122223333:root"}},
	}}}
	tests := []struct{ name, doc string }{
		{"one statement object, values as strings", `{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}}}`},
		{"arrays everywhere", `{"Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole"], "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}}]}`},
		{"URL-encoded in a JSON string, as the IAM API returns it", `"%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111122223333%3Aroot%22%7D%7D%7D"`},
		{"a JSON string holding plain JSON", `"{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}}}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseErrors: the error says which statement and which element is
// wrong, in the words the AWS connector's diagnostics have always used.
func TestParseErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"Condition not an object", `{"Statement":{"Effect":"Allow","Condition":"x"}}`,
			"policy statement 1: Condition: json: cannot unmarshal string into Go value of type map[string]map[string]iampolicy.list"},
		{"Principal a list", `{"Statement":[{"Effect":"Allow"},{"Effect":"Allow","Principal":["a"]}]}`,
			"policy statement 2: Principal: json: cannot unmarshal array into Go value of type map[string]iampolicy.list"},
		{"Statement not a list", `{"Statement":"x"}`,
			"policy Statement: json: cannot unmarshal string into Go value of type []json.RawMessage"},
		{"an object as Action", `{"Statement":[{"Effect":"Allow","Action":{"x":1}}]}`,
			`policy statement 1: expected a string, got {"x":1}`},
		{"Effect misspelt", `{"Statement":{"Effect":"Alow"}}`, `policy statement 1: Effect "Alow" is neither Allow nor Deny`},
		{"not an object", `[{"Statement":[]}]`, "policy document: a JSON object was expected, got array"},
		{"not JSON", `{"Statement":`, "policy document: unexpected end of JSON input"},
		{"bad URL encoding", `"%7B%zz"`, `policy document is neither JSON nor URL-encoded JSON: invalid URL escape "%zz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc))
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("Parse error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"object as it is", ` {"Statement":[]} `, `{"Statement":[]}`},
		{"JSON string holding JSON", `"{\"Statement\":[]}"`, `{"Statement":[]}`},
		{"JSON string URL-encoded", `"%7B%22Statement%22%3A%5B%5D%7D"`, `{"Statement":[]}`},
		{"bare URL-encoded", `%7B%22Statement%22%3A%5B%5D%7D`, `{"Statement":[]}`},
		{"a literal + stays a +", `"%7B%22Sid%22%3A%22a+b%22%7D"`, `{"Sid":"a+b"}`},
		{"a JSON string not holding an object is URL-decoded", `"n%75ll"`, `null`},
		{"null", `null`, `null`},
		{"empty", ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Text([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("Text (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConditionText(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"none", `{"Statement":{"Effect":"Allow","Action":"*"}}`, ``},
		{"keys sorted, scalars as strings", `{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringLike":{"b":["x",1,true]},"Bool":{"a":"true"}}}}`,
			`{"Bool":{"a":["true"]},"StringLike":{"b":["x","1","true"]}}`},
		{"an operator written as null", `{"Statement":{"Effect":"Allow","Action":"*","Condition":{"Null":null}}}`, `{"Null":null}`},
		{"HTML characters escaped as encoding/json does", `{"Statement":{"Effect":"Allow","Action":"*","Condition":{"StringLike":{"k":"<a&b>"}}}}`,
			`{"StringLike":{"k":["\u003ca\u0026b\u003e"]}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := MustParse(tt.doc)
			if diff := cmp.Diff(tt.want, p.Statements[0].ConditionText()); diff != "" {
				t.Errorf("ConditionText (-want +got):\n%s", diff)
			}
		})
	}
}
