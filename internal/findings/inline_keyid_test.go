package findings

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInlineKeyIDMessage checks what NHI-INLINE-SECRET says of an AWS
// access key ID written in a repository file: a key in use to deactivate,
// not a leaked secret; beside a secret, both are said.
func TestInlineKeyIDMessage(t *testing.T) {
	const (
		keyID  = `{"key":"aws-access-key-id","fingerprint":"sha256:48cafe6d299b","file":"ci.yml","line":15}`
		secret = `{"key":"DB_PASSWORD","fingerprint":"sha256:76880d60191a","file":"ci.yml","line":7}`
	)
	g := fixture{[]string{
		"a|workload|ci-job|hardcoded_credentials=[" + keyID + "]",
		"b|workload|ci-job|hardcoded_credentials=[" + secret + "," + keyID + "]",
		"c|workload|ci-job|hardcoded_credentials=[" + secret + "]",
	}, nil}.build()
	r, err := Run(context.Background(), g, Thresholds{Now: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range r.Findings {
		if f.RuleID == "NHI-INLINE-SECRET" {
			got[f.Nodes[0]] = f.Message
		}
	}
	want := map[string]string{
		"a": "a holds an AWS access key ID written inline (hardcoded_credentials: aws-access-key-id=sha256:48cafe6d299b): a long-lived key is in use; deactivate the key and use OIDC or a secret",
		"b": "b holds an inline secret (hardcoded_credentials: DB_PASSWORD=sha256:76880d60191a, aws-access-key-id=sha256:48cafe6d299b); aws-access-key-id is a key's ID, not a secret: deactivate that key",
		"c": "c holds an inline secret (hardcoded_credentials: DB_PASSWORD=sha256:76880d60191a)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}
