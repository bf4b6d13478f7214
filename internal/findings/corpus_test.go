package findings_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/aws"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/findings"
)

// TestCorpusIAM runs the rules on the real IAM exports of the shared
// corpus (cloudsplaining, cloudmapper's demo account, cloud-custodian's
// placebo recordings) and checks findings picked by hand: each was silent
// before (issue 14).
func TestCorpusIAM(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("shared corpus not found at %s: %v; check it out beside the repository to run this test", corpus, err)
	}
	var files []string
	for _, dir := range []string{"aws-iam-authz-details/cloudsplaining", "aws-iam-authz-details/cloudmapper-demo", "aws-service-api-responses/cloud-custodian-placebo"} {
		m, _ := filepath.Glob(filepath.Join(corpus, dir, "*.json"))
		for _, f := range m {
			if head, _ := os.ReadFile(f); aws.New(nil).Claims(filepath.ToSlash(f), head) {
				files = append(files, filepath.ToSlash(f))
			}
		}
	}
	b := graph.NewBuilder()
	if err := aws.New(nil).Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	r, err := findings.Run(context.Background(), b.Build(), findings.Thresholds{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range r.Findings {
		got[f.RuleID+" "+f.Nodes[0]] = true
	}
	want := []string{
		// Through the group GOAT, which attaches AdministratorAccess.
		"NHI-ADMIN arn:aws:iam::012345678901:user/BlakeBortles",
		// An inline policy allowing "*" on "*".
		"NHI-ADMIN arn:aws:iam::123456789012:role/bad_role",
		// Trusts {"AWS": "*"}.
		"NHI-EXTERNAL-TRUST arn:aws:iam::123456789012:role/bad_role",
		// Credential report: console password and two active keys.
		"NHI-HUMAN-USE arn:aws:iam::123456789012:user/user",
		"NHI-HUMAN-USE arn:aws:iam::644160558196:user/andrew",
		// The demo account's root has an active key rotated in 2018.
		"NHI-KEY-OLD arn:aws:iam::123456789012:root/access-key-1",
		// Active since 2016, never used.
		"NHI-UNUSED arn:aws:iam::644160558196:user/c7n-iam-test/access-key-1",
		// RoleLastUsed {} and created in 2019.
		"NHI-UNUSED arn:aws:iam::012345678901:role/GOAT",
	}
	var missing []string
	for _, w := range want {
		if !got[w] {
			missing = append(missing, w)
		}
	}
	if diff := cmp.Diff([]string(nil), missing); diff != "" {
		t.Errorf("findings missing (-want +got):\n%s", diff)
	}
	// Roles of the cloudmapper demo carry no RoleLastUsed at all: nothing
	// is known, nothing is reported.
	if got["NHI-UNUSED arn:aws:iam::123456789012:role/exfiller"] {
		t.Error("a role without RoleLastUsed was reported unused")
	}
}
