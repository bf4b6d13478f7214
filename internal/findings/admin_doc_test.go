package findings

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// docAdmin reads documents as internal/iampolicy does: an empty or null
// Condition is no condition, so such a Deny of everything applies.
func TestDocAdminConditions(t *testing.T) {
	type verdict struct{ Denies, Allows bool }
	for _, tt := range []struct {
		name, doc string
		want      verdict
	}{
		{"allow all", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, verdict{false, true}},
		{"deny all", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}`, verdict{true, false}},
		{"deny with a condition does not count", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`, verdict{false, true}},
		{"deny with an empty condition", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{}}]}`, verdict{true, false}},
		{"deny with a null condition", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":null}]}`, verdict{true, false}},
		{"NotAction leaving IAM in", `{"Statement":{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}}`, verdict{false, true}},
		{"NotAction taking IAM out", `{"Statement":{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}}`, verdict{false, false}},
		{"not on every resource", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/*"}}`, verdict{false, false}},
		{"URL-encoded, as IAM's API returns it", `%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D`, verdict{false, true}},
		{"not a document", `{"Statement":[1,2]}`, verdict{false, false}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, a := docAdmin(tt.doc)
			if diff := cmp.Diff(tt.want, verdict{d, a}); diff != "" {
				t.Errorf("docAdmin (-want +got):\n%s", diff)
			}
		})
	}
}
