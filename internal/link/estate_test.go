package link_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/backstage"
	"github.com/convene-dev/convene/connectors/codeowners"
	"github.com/convene-dev/convene/connectors/ownership"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
	"github.com/convene-dev/convene/internal/link"
)

const estate = "../../testdata/estate/"

// estateOwnership reads the sample estate's owners file, CODEOWNERS files
// and Backstage catalog with the real connectors, so that the attributes
// they write are the ones the rules read, adds nodes of the kinds later
// connectors report, and links.
func estateOwnership(t *testing.T) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	ctx := context.Background()
	if err := ownership.New().Discover(ctx, []string{estate + "convene-owners.yaml"}, b); err != nil {
		t.Fatal(err)
	}
	if err := codeowners.New().Discover(ctx, []string{
		estate + "repos/github.com/northwind/payments-api/.github/CODEOWNERS",
		estate + "repos/github.com/northwind/infra/CODEOWNERS",
	}, b); err != nil {
		t.Fatal(err)
	}
	catalog, _ := filepath.Glob(estate + "catalog/*.yaml")
	catalog = append(catalog, estate+"repos/github.com/northwind/payments-api/catalog-info.yaml")
	if err := backstage.New().Discover(ctx, catalog, b); err != nil {
		t.Fatal(err)
	}
	for _, n := range []graph.Node{
		{ID: "arn:aws:iam::111122223333:role/payments-deploy", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::444455556666:role/break-glass-admin", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::111122223333:user/svc-payments-legacy", Kind: graph.Identity, Type: "aws-user"},
		{ID: "arn:aws:iam::444455556666:role/terraform-apply", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::444455556666:role/data-loader", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::111122223333:policy/payments-read", Kind: graph.Policy, Type: "aws-managed-policy"},
		{ID: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db-AbCdEf", Kind: graph.Credential, Type: "aws-secret"},
		{ID: "vault:secret/payments/stripe", Kind: graph.Credential, Type: "vault-kv-secret"},
		{ID: "vault:database/roles/warehouse-readonly", Kind: graph.Credential, Type: "vault-dynamic-role"},
		{ID: "vault:sys/policies/acl/warehouse", Kind: graph.Policy, Type: "vault-policy"},
		{ID: "github.com/northwind/payments-api/.github/workflows/deploy.yml", Kind: graph.Workload, Type: "ci-workflow"},
		{ID: "github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", Kind: graph.Workload, Type: "ci-job"},
		{ID: "github.com/northwind/payments-api/.github/workflows/legacy-report.yml", Kind: graph.Workload, Type: "ci-workflow"},
		{ID: "github.com/northwind/infra/.github/workflows/terraform.yml#apply", Kind: graph.Workload, Type: "ci-job"},
		{ID: "gitlab.com/northwind/ledger/.gitlab-ci.yml#nightly", Kind: graph.Workload, Type: "ci-job"},
		{ID: "host:batch-01", Kind: graph.Location, Type: "host"},
		{ID: "host:batch-01/cron/nightly-settlement", Kind: graph.Workload, Type: "cron-job"},
		{ID: "i-0123456789abcdef0", Kind: graph.Workload, Type: "ec2-instance", Attrs: map[string]string{"tag.team": "data"}},
		{ID: "k8s:prod-eu/ledger/deployment/ledger-worker", Kind: graph.Workload, Type: "k8s-workload",
			Attrs: map[string]string{"tag.owner": "@northwind/data", "tag.app.kubernetes.io/managed-by": "Helm"}},
		{ID: "vault:secret/marketing/api", Kind: graph.Credential, Type: "vault-kv-secret", Attrs: map[string]string{"tag.owner": "marketing"}},
	} {
		n.Evidence = []graph.Evidence{{Connector: "test", Source: "nodes", Line: 1}}
		b.AddNode(n)
	}
	if err := link.Run(ctx, b.Build(), b, link.Default()...); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// TestEstateOwners checks every owned_by edge the estate's ownership
// sources make, with the rule and line that made it.
func TestEstateOwners(t *testing.T) {
	g := estateOwnership(t)
	var sb strings.Builder
	for _, e := range g.Edges() {
		if e.Kind != graph.OwnedBy {
			continue
		}
		fmt.Fprintf(&sb, "%s -> %s\n", e.From, e.To)
		for _, ev := range e.Evidence {
			fmt.Fprintf(&sb, "    %s %s:%d %s\n", ev.Connector, strings.TrimPrefix(ev.Source, estate), ev.Line, ev.Note)
		}
	}
	for _, d := range g.Diagnostics() {
		fmt.Fprintf(&sb, "diagnostic %s\n", strings.ReplaceAll(d.String(), estate, ""))
	}
	got := sb.String()
	const out = "testdata/estate-owners.out"
	goldenfile.Check(t, out, got)
}
