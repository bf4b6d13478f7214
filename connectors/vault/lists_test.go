package vault

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSetField(t *testing.T) {
	tests := []struct {
		key  string
		v    any
		want map[string]string
	}{
		{"allowed_domains", []any{"example.com", "a,b.example.org"}, map[string]string{"allowed_domains": `["example.com","a,b.example.org"]`}},
		{"allowed_domains", "example.com, example.org", map[string]string{"allowed_domains": `["example.com","example.org"]`}},
		{"bound_iam_principal_arn", "arn:aws:iam::1:role/r", map[string]string{"bound_iam_principal_arn": `["arn:aws:iam::1:role/r"]`}},
		{"bound_service_account_names", []any{}, map[string]string{}},
		{"token_bound_cidrs", nil, map[string]string{}},
		{"allow_subdomains", true, map[string]string{"allow_subdomains": "true"}},
		{"bound_claims", map[string]any{"sub": "x"}, map[string]string{"bound_claims": `{"sub":"x"}`}},
	}
	for _, tc := range tests {
		attrs := map[string]string{}
		setField(attrs, tc.key, tc.v)
		if diff := cmp.Diff(tc.want, attrs); diff != "" {
			t.Errorf("setField(%s, %v) (-want +got):\n%s", tc.key, tc.v, diff)
		}
	}
}
