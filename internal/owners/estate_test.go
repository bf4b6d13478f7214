package owners_test

import (
	"bytes"
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
	"github.com/convene-dev/convene/internal/owners"
)

const estate = "../../testdata/estate/"

// TestEstate resolves the owners of the sample estate's ownership sources
// read by the real connectors and linked by the default rules, with a few
// nodes of the kinds other connectors report, and compares the whole
// answer — owners, sources, conflicts, unowned nodes — with a golden file.
func TestEstate(t *testing.T) {
	ctx := context.Background()
	b := graph.NewBuilder()
	catalog, _ := filepath.Glob(estate + "catalog/*.yaml")
	for _, run := range []struct {
		discover func(context.Context, []string, *graph.Builder) error
		files    []string
	}{
		{ownership.New().Discover, []string{estate + "convene-owners.yaml"}},
		{codeowners.New().Discover, []string{estate + "repos/github.com/northwind/payments-api/.github/CODEOWNERS", estate + "repos/github.com/northwind/infra/CODEOWNERS"}},
		{backstage.New().Discover, append(catalog, estate+"repos/github.com/northwind/payments-api/catalog-info.yaml")},
	} {
		if err := run.discover(ctx, run.files, b); err != nil {
			t.Fatal(err)
		}
	}
	e := []graph.Evidence{{Connector: "test", Source: "nodes", Line: 1}}
	for _, n := range []graph.Node{
		{ID: "aws-account:444455556666", Kind: graph.Location, Type: "aws-account"},
		{ID: "arn:aws:iam::444455556666:role/break-glass-admin", Kind: graph.Identity, Type: "aws-role"},
		{ID: "arn:aws:iam::111122223333:role/payments-deploy", Kind: graph.Identity, Type: "aws-role"},
		{ID: "github.com/northwind/payments-api/.github/workflows/deploy.yml", Kind: graph.Workload, Type: "ci-workflow"},
		{ID: "github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", Kind: graph.Workload, Type: "ci-job"},
		{ID: "github.com/northwind/payments-api/.github/workflows/legacy-report.yml", Kind: graph.Workload, Type: "ci-workflow"},
		{ID: "github.com/northwind/infra/.github/workflows/terraform.yml", Kind: graph.Workload, Type: "ci-workflow"},
		{ID: "gitlab.com/northwind/ledger", Kind: graph.Location, Type: "git-repo"},
		{ID: "gitlab.com/northwind/ledger/.gitlab-ci.yml#nightly", Kind: graph.Workload, Type: "ci-job"},
		{ID: "k8s:prod-eu/ledger/deployment/ledger-worker", Kind: graph.Workload, Type: "k8s-workload", Attrs: map[string]string{"tag.team": "data-eng", "tag.app.kubernetes.io/managed-by": "Helm"}},
		{ID: "k8s:prod-eu/ledger/serviceaccount/ledger-worker", Kind: graph.Identity, Type: "k8s-service-account", Attrs: map[string]string{"tag.owner": "ledger-squad"}},
	} {
		n.Evidence = e
		b.AddNode(n)
	}
	for _, ed := range [][2]string{
		{"arn:aws:iam::444455556666:role/break-glass-admin", "aws-account:444455556666"},
		{"github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", "github.com/northwind/payments-api/.github/workflows/deploy.yml"},
		{"gitlab.com/northwind/ledger/.gitlab-ci.yml#nightly", "gitlab.com/northwind/ledger"},
	} {
		b.AddEdge(graph.Edge{From: ed[0], To: ed[1], Kind: graph.PartOf, Evidence: e})
	}
	b.AddEdge(graph.Edge{From: "k8s:prod-eu/ledger/deployment/ledger-worker", To: "k8s:prod-eu/ledger/serviceaccount/ledger-worker", Kind: graph.RunsAs, Evidence: e})
	if err := link.Run(ctx, b.Build(), b, link.Default()...); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	res := owners.Resolve(g, owners.Options{})

	var sb bytes.Buffer
	for _, no := range res.Nodes {
		fmt.Fprintf(&sb, "%s (%s)\n", no.ID, no.Kind)
		for _, o := range no.Owners {
			fmt.Fprintf(&sb, "  %s\n", o)
		}
		for _, c := range no.Conflicts {
			fmt.Fprintf(&sb, "  conflict: %s\n", c)
		}
	}
	for _, k := range graph.NodeKinds {
		if ids := res.Unowned[k]; len(ids) > 0 {
			fmt.Fprintf(&sb, "unowned %s: %s\n", k, strings.Join(ids, ", "))
		}
	}
	for _, h := range res.Unresolved {
		fmt.Fprintf(&sb, "unresolved hint %s %s=%s\n", h.Node, h.Attr, h.Value)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(&sb, "problem %s\n", p)
	}
	res.WriteSummary(&sb)
	sb.WriteString("--- show deploy.yml#deploy\n")
	owners.WriteOwners(&sb, g, "github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy")
	got := strings.ReplaceAll(sb.String(), estate, "")

	const out = "testdata/estate.out"
	goldenfile.Check(t, out, got)
}
