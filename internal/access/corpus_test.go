package access_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/aws"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
)

// corpusDir holds real get-account-authorization-details exports, beside
// the repository.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "aws-iam-authz-details")

// TestCorpusIAM derives the escalations of the corpus's IAM dumps and
// checks the count per rule and a dozen edges checked by hand against the
// policies (see docs/access.md).
func TestCorpusIAM(t *testing.T) {
	tests := []struct {
		dir    string
		counts map[string]int
		edges  []string // from -> to rule, among the derived
	}{
		{"cloudsplaining", map[string]int{"aws-add-to-group": 8, "aws-admin": 13, "aws-passrole": 4, "aws-update-trust": 19, "aws-user-credentials": 17}, []string{
			// OverprivilegedEC2's inline SupYo allows iam:CreateAccessKey on *.
			"arn:aws:iam::012345678901:role/OverprivilegedEC2 -> arn:aws:iam::012345678901:user/obama aws-user-credentials",
			"arn:aws:iam::012345678901:role/OverprivilegedEC2 -> arn:aws:iam::012345678901:user/biden aws-user-credentials",
			// obama holds AdministratorAccess.
			"arn:aws:iam::012345678901:user/obama -> arn:aws:iam::012345678901:role/GOAT aws-update-trust",
			"arn:aws:iam::012345678901:user/obama -> arn:aws:iam::012345678901:user/biden aws-admin",
			// GOATRole holds AdministratorAccess; OverprivilegedEC2 trusts EC2.
			"arn:aws:iam::012345678901:role/GOATRole -> arn:aws:iam::012345678901:role/OverprivilegedEC2 aws-passrole",
			// BlakeBortles is an administrator through his groups.
			"arn:aws:iam::012345678901:user/BlakeBortles -> arn:aws:iam::012345678901:user/obama aws-admin",
			// obama (AdministratorAccess) may join the GOAT group.
			"arn:aws:iam::012345678901:user/obama -> arn:aws:iam::012345678901:group/GOAT aws-add-to-group",
		}},
		{"cloudmapper-demo", map[string]int{"aws-admin": 2, "aws-lambda-update-code": 1, "aws-passrole": 3, "aws-update-trust": 4, "aws-user-credentials": 2}, []string{
			// bad_role's inline dostuff is Action "*".
			"arn:aws:iam::123456789012:role/bad_role -> arn:aws:iam::123456789012:role/service-role/level1 aws-passrole",
			"arn:aws:iam::123456789012:role/bad_role -> arn:aws:iam::123456789012:role/exfiller aws-passrole",
			"arn:aws:iam::123456789012:role/bad_role -> arn:aws:iam::123456789012:role/level3 aws-passrole",
			"arn:aws:iam::123456789012:role/bad_role -> arn:aws:iam::123456789012:role/service-role/invpclambda aws-update-trust",
			"arn:aws:iam::123456789012:role/bad_role -> arn:aws:iam::123456789012:user/auditor_tmp aws-user-credentials",
			"arn:aws:iam::123456789012:role/bad_role -> arn:aws:iam::123456789012:user/user aws-admin",
			// the Lambda function invpclambda runs as role invpclambda.
			"arn:aws:iam::123456789012:role/bad_role -> arn:aws:iam::123456789012:role/service-role/invpclambda aws-lambda-update-code",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(corpusDir, tt.dir, "*.json"))
			if len(files) == 0 {
				t.Skipf("IAM corpus not found at %s (it sits beside the repository as shared/corpus)", corpusDir)
			}
			b := graph.NewBuilder()
			ctx := context.Background()
			if err := aws.New(nil).Discover(ctx, files, b); err != nil {
				t.Fatal(err)
			}
			if err := access.Derive(ctx, b.Build(), b); err != nil {
				t.Fatal(err)
			}
			g := b.Build()
			if diff := cmp.Diff(tt.counts, access.Counts(g)); diff != "" {
				t.Errorf("edges per rule (-want +got):\n%s", diff)
			}
			have := map[string]bool{}
			for _, e := range g.Edges() {
				if e.Kind == graph.CanBecome {
					for _, ev := range e.Evidence {
						have[e.From+" -> "+e.To+" "+ev.Connector[len(access.Connector)+1:]] = true
					}
				}
			}
			for _, want := range tt.edges {
				if !have[want] {
					t.Errorf("missing %s", want)
				}
			}
		})
	}
}
