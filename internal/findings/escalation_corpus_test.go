package findings_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/aws"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
	"github.com/convene-dev/convene/internal/findings"
)

// TestEscalationCorpus runs NHI-ESCALATION-ADMIN over the corpus's IAM
// dumps: in cloudsplaining's, role OverprivilegedEC2 (iam:CreateAccessKey
// on *) can mint a key for BlakeBortles, an administrator through his
// groups; the administrators themselves, and the AWS services that assume
// them, are not reported. Checked by hand against the dump.
func TestEscalationCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "aws-iam-authz-details")
	want := map[string][]string{
		"cloudsplaining":   {"arn:aws:iam::012345678901:role/OverprivilegedEC2 arn:aws:iam::012345678901:user/BlakeBortles"},
		"cloudmapper-demo": nil,
	}
	for sub, w := range want {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*.json"))
		if len(files) == 0 {
			t.Skipf("IAM corpus not found at %s (it sits beside the repository as shared/corpus)", dir)
		}
		b := graph.NewBuilder()
		ctx := context.Background()
		if err := aws.New(nil).Discover(ctx, files, b); err != nil {
			t.Fatal(err)
		}
		if err := access.Derive(ctx, b.Build(), b); err != nil {
			t.Fatal(err)
		}
		r, err := findings.Run(ctx, b.Build(), findings.Thresholds{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range r.Findings {
			if f.RuleID == "NHI-ESCALATION-ADMIN" {
				got = append(got, f.Nodes[0]+" "+f.Nodes[1])
			}
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("%s: findings (-want +got):\n%s", sub, diff)
		}
	}
}
