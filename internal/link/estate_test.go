package link_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/ownership"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/link"
)

// TestEstateOwners reads the sample estate's owners file with the real
// connector, so the owner_rules attribute the connector writes is the one
// the linker reads, and checks who owns nodes of the kinds later connectors
// report.
func TestEstateOwners(t *testing.T) {
	const owners = "../../testdata/estate/convene-owners.yaml"
	b := graph.NewBuilder()
	if err := ownership.New().Discover(context.Background(), []string{owners}, b); err != nil {
		t.Fatal(err)
	}
	for _, n := range []graph.Node{
		{ID: "arn:aws:iam::111122223333:role/payments-deploy", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::111122223333:role/break-glass-admin", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::444455556666:role/terraform-apply", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::444455556666:role/data-loader", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::111122223333:policy/payments-read", Kind: graph.Policy, Type: "aws-managed-policy"},
		{ID: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db-AbCdEf", Kind: graph.Credential, Type: "aws-secret"},
		{ID: "vault:secret/payments/stripe", Kind: graph.Credential, Type: "vault-kv-secret"},
		{ID: "github.com/northwind/payments-api", Kind: graph.Location, Type: "git-repo"},
		{ID: "github.com/northwind/payments-api/.github/workflows/deploy.yml", Kind: graph.Workload, Type: "ci-workflow"},
		{ID: "host:batch-01", Kind: graph.Location, Type: "host"},
		{ID: "host:batch-01/cron/nightly-settlement", Kind: graph.Workload, Type: "cron-job"},
		{ID: "i-0123456789abcdef0", Kind: graph.Workload, Type: "ec2-instance", Attrs: map[string]string{"tag.team": "data"}},
		{ID: "vault:secret/marketing/api", Kind: graph.Credential, Type: "vault-kv-secret"},
	} {
		b.AddNode(n)
	}
	if err := link.Run(context.Background(), b.Build(), b, link.Default()...); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	var got []string
	for _, e := range g.Edges() {
		got = append(got, fmt.Sprintf("%s -> %s (line %d)", e.From, e.To, e.Evidence[0].Line))
	}
	want := []string{
		"arn:aws:iam::111122223333:policy/payments-read -> team:iam (line 155)",
		"arn:aws:iam::111122223333:role/break-glass-admin -> person:grace.hopper@example.com (line 163)",
		"arn:aws:iam::111122223333:role/break-glass-admin -> team:security (line 163)",
		"arn:aws:iam::111122223333:role/break-glass-admin -> team:sre (line 163)",
		"arn:aws:iam::111122223333:role/payments-deploy -> team:payments (line 110)",
		"arn:aws:iam::444455556666:role/data-loader -> team:data (line 144)",
		"arn:aws:iam::444455556666:role/terraform-apply -> team:platform (line 125)",
		"arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db-AbCdEf -> team:payments (line 110)",
		"github.com/northwind/payments-api -> team:payments (line 110)",
		"github.com/northwind/payments-api/.github/workflows/deploy.yml -> team:payments (line 110)",
		"host:batch-01 -> team:data (line 144)",
		"host:batch-01 -> team:sre (line 139)",
		"host:batch-01/cron/nightly-settlement -> team:data (line 144)",
		"host:batch-01/cron/nightly-settlement -> team:sre (line 139)",
		"i-0123456789abcdef0 -> team:data (line 150)",
		"vault:secret/payments/stripe -> team:payments (line 110)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("owned_by edges (-want +got):\n%s", diff)
	}
	if ds := g.Diagnostics(); len(ds) > 0 {
		t.Errorf("diagnostics: %v", ds)
	}
}
