package iampolicy

import (
	"net/url"
	"testing"
)

// BenchmarkParse reads the documents an IAM export is made of: a trust
// policy with conditions, URL-encoded as the API returns it, and an
// identity policy of several statements as a JSON object.
func BenchmarkParse(b *testing.B) {
	trust := `{"Version":"2012-10-17","Statement":[{"Sid":"GitHubActions","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/payments:*"}}}]}`
	docs := [][]byte{
		[]byte(`"` + url.PathEscape(trust) + `"`),
		[]byte(carlosPolicy),
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			if _, err := Parse(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
