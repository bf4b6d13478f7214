package aws

import (
	"fmt"
	"path"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPolicyDiagnostics: a policy document that cannot be read is skipped
// with a warning naming the file, the line of its holder and what is
// wrong; the rest of the file is still read.
func TestPolicyDiagnostics(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"not JSON, URL-encoded", `"%7Bnot json"`, []string{
			"authz.json:3: warning: inline policy arn:aws:iam::111122223333:role/r/inline-policy/p: document skipped: policy document: invalid character 'n' looking for beginning of object key string",
			"authz.json:3: warning: role arn:aws:iam::111122223333:role/r: trust policy skipped: policy document: invalid character 'n' looking for beginning of object key string",
			"authz.json:6: warning: policy arn:aws:iam::111122223333:policy/m version v1: document skipped: policy document: invalid character 'n' looking for beginning of object key string",
		}},
		{"bad URL escape", `"%7B%zz"`, []string{
			`authz.json:3: warning: inline policy arn:aws:iam::111122223333:role/r/inline-policy/p: document skipped: policy document is neither JSON nor URL-encoded JSON: invalid URL escape "%zz"`,
			`authz.json:3: warning: role arn:aws:iam::111122223333:role/r: trust policy skipped: policy document is neither JSON nor URL-encoded JSON: invalid URL escape "%zz"`,
			`authz.json:6: warning: policy arn:aws:iam::111122223333:policy/m version v1: document skipped: policy document is neither JSON nor URL-encoded JSON: invalid URL escape "%zz"`,
		}},
		{"Condition not an object", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":"*","Condition":["x"]}]}`, []string{
			"authz.json:3: warning: inline policy arn:aws:iam::111122223333:role/r/inline-policy/p: document skipped: policy statement 2: Condition: json: cannot unmarshal array into Go value of type map[string]map[string]iampolicy.list",
			"authz.json:3: warning: role arn:aws:iam::111122223333:role/r: trust policy skipped: policy statement 2: Condition: json: cannot unmarshal array into Go value of type map[string]map[string]iampolicy.list",
			"authz.json:6: warning: policy arn:aws:iam::111122223333:policy/m version v1: document skipped: policy statement 2: Condition: json: cannot unmarshal array into Go value of type map[string]map[string]iampolicy.list",
		}},
		{"Effect misspelt", `{"Statement":{"Effect":"Alow","Action":"*","Resource":"*"}}`, []string{
			`authz.json:3: warning: inline policy arn:aws:iam::111122223333:role/r/inline-policy/p: document skipped: policy statement 1: Effect "Alow" is neither Allow nor Deny`,
			`authz.json:3: warning: role arn:aws:iam::111122223333:role/r: trust policy skipped: policy statement 1: Effect "Alow" is neither Allow nor Deny`,
			`authz.json:6: warning: policy arn:aws:iam::111122223333:policy/m version v1: document skipped: policy statement 1: Effect "Alow" is neither Allow nor Deny`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := discoverText(t, map[string]string{"authz.json": `{"RoleDetailList": [
  {"RoleName": "r",
   "Arn": "arn:aws:iam::111122223333:role/r", "AssumeRolePolicyDocument": ` + tt.doc + `,
   "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": ` + tt.doc + `}]}],
 "Policies": [{"PolicyName": "m",
   "Arn": "arn:aws:iam::111122223333:policy/m", "DefaultVersionId": "v1",
   "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": ` + tt.doc + `}]}]}`})
			var got []string
			for _, d := range g.Diagnostics() {
				got = append(got, fmt.Sprintf("%s:%d: %s: %s", path.Base(d.File), d.Line, d.Severity, d.Message))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			for _, id := range []string{"arn:aws:iam::111122223333:role/r", "arn:aws:iam::111122223333:role/r/inline-policy/p", "arn:aws:iam::111122223333:policy/m"} {
				if _, ok := g.Node(id); !ok {
					t.Errorf("%s is missing: one bad document stopped the file", id)
				}
			}
		})
	}
}
