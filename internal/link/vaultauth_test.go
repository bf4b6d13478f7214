package link

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestVaultAuth(t *testing.T) {
	b0 := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "vault", Source: "vault/inventory.json", Line: 9, Basis: graph.Configured}}
	n := func(id, typ string, attrs map[string]string) {
		b0.AddNode(graph.Node{ID: id, Kind: graph.Identity, Type: typ, Attrs: attrs, Evidence: ev})
	}
	n("vault:auth/kubernetes/role/payments-api", "vault-auth-role", map[string]string{"auth_method": "kubernetes",
		"bound_service_account_names": `["payments-api"]`, "bound_service_account_namespaces": `["payments"]`})
	n("vault:auth/kubernetes/role/any-in-ledger", "vault-auth-role", map[string]string{"auth_method": "kubernetes",
		"bound_service_account_names": `["*"]`, "bound_service_account_namespaces": `["ledger"]`})
	n("vault:auth/jwt/role/gha-payments-deploy", "vault-auth-role", map[string]string{"auth_method": "jwt",
		"bound_claims": `{"environment":"production","repository":"northwind/payments-api"}`, "bound_claims_type": "string"})
	n("vault:auth/jwt/role/gitlab-ledger", "vault-auth-role", map[string]string{"auth_method": "jwt",
		"bound_claims": `{"project_path":"northwind/*","ref_protected":"true"}`, "bound_claims_type": "glob"})
	n("vault:auth/aws/role/data-etl", "vault-auth-role", map[string]string{"auth_method": "aws",
		"bound_iam_principal_arn": `["arn:aws:iam::444455556666:role/data-*"]`})
	n("k8s:prod-eu/payments/serviceaccount/payments-api", "k8s-service-account", nil)
	n("k8s:prod-eu/ledger/serviceaccount/ledger-worker", "k8s-service-account", nil)
	n("k8s:prod-eu/payments/serviceaccount/default", "k8s-service-account", nil)
	n("oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:environment:production", "ci-oidc-subject", nil)
	n("oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:ref:refs/heads/main", "ci-oidc-subject", nil)
	n("oidc:gitlab.com:project_path:northwind/ledger:ref_type:branch:ref:main", "ci-oidc-subject", nil)
	n("arn:aws:iam::444455556666:role/data-etl", "aws-role", nil)
	n("arn:aws:iam::444455556666:role/platform-ci", "aws-role", nil)
	b0.AddNode(graph.Node{ID: "job:test", Kind: graph.Workload, Type: "ci-job",
		Attrs: map[string]string{"oidc_subjects": `["repo:northwind/payments-api:ref:refs/heads/main"]`}, Evidence: ev})
	b0.AddEdge(graph.Edge{From: "job:test", To: "vault:auth/jwt/role/gha-payments-deploy", Kind: graph.AuthenticatesAs, Evidence: ev})
	g := b0.Build()
	b := graph.NewBuilder()
	b.AddGraph(g)
	if err := Run(context.Background(), g, b, VaultAuth()); err != nil {
		t.Fatal(err)
	}
	out := b.Build()
	var links []string
	for _, e := range out.Edges() {
		if e.Attrs["rule"] == "vault-auth" {
			links = append(links, e.Key().String()+" "+e.Attrs["unverified_claims"])
		}
	}
	want := []string{
		"arn:aws:iam::444455556666:role/data-etl -authenticates_as-> vault:auth/aws/role/data-etl ",
		"k8s:prod-eu/ledger/serviceaccount/ledger-worker -authenticates_as-> vault:auth/kubernetes/role/any-in-ledger ",
		"k8s:prod-eu/payments/serviceaccount/payments-api -authenticates_as-> vault:auth/kubernetes/role/payments-api ",
		`oidc:gitlab.com:project_path:northwind/ledger:ref_type:branch:ref:main -authenticates_as-> vault:auth/jwt/role/gitlab-ledger ["ref_protected"]`,
		"oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:environment:production -authenticates_as-> vault:auth/jwt/role/gha-payments-deploy ",
	}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	ds := out.Diagnostics()
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "job:test logs in to Vault as vault:auth/jwt/role/gha-payments-deploy, whose bound_claims admit none") {
		t.Errorf("diagnostics = %v", ds)
	}
}
