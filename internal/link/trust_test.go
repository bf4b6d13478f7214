package link

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestAWSLike(t *testing.T) {
	tests := []struct {
		p, s string
		want bool
	}{
		{"repo:northwind/payments-api:*", "repo:northwind/payments-api:ref:refs/heads/main", true},
		{"repo:northwind/*:environment:production", "repo:northwind/ledger:environment:production", true},
		{"repo:northwind/*:environment:production", "repo:northwind/ledger:ref:refs/heads/main", false},
		{"repo:northwind/payments-api:ref:refs/heads/main", "repo:northwind/payments-api:ref:refs/heads/main", true},
		{"repo:northwind/payments-ap?:*", "repo:northwind/payments-api:pull_request", true},
		{"*", "", true},
		{"a*b*c", "aXXbYYc", true},
		{"a*b*c", "aXXbYY", false},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := awsLike(tt.p, tt.s); got != tt.want {
			t.Errorf("awsLike(%q, %q) = %v", tt.p, tt.s, got)
		}
	}
}

func trustEstate() *graph.Graph {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "aws", Source: "aws/iam.json", Line: 40, Basis: graph.Configured}}
	n := func(id string, k graph.NodeKind, typ string, attrs map[string]string) {
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Attrs: attrs, Evidence: ev})
	}
	gh := "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	eks := "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"
	n(gh, graph.Identity, "aws-oidc-provider", nil)
	n(eks, graph.Identity, "aws-oidc-provider", nil)
	n("arn:aws:iam::111122223333:role/payments-deploy", graph.Identity, "aws-role", nil)
	n("arn:aws:iam::111122223333:role/ci-open", graph.Identity, "aws-role", nil)
	n("arn:aws:iam::111122223333:role/payments-api-irsa", graph.Identity, "aws-role", nil)
	n("arn:aws:iam::111122223333:role/other", graph.Identity, "aws-role", nil)
	n("oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:environment:production", graph.Identity, "ci-oidc-subject", nil)
	n("oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:ref:refs/heads/main", graph.Identity, "ci-oidc-subject", nil)
	n("k8s:prod-eu/payments/serviceaccount/payments-api", graph.Identity, "k8s-service-account",
		map[string]string{irsaAnnotation: "arn:aws:iam::111122223333:role/payments-api-irsa"})
	n("k8s:prod-eu/ledger/serviceaccount/ledger-worker", graph.Identity, "k8s-service-account",
		map[string]string{irsaAnnotation: "arn:aws:iam::111122223333:role/other"})
	b.AddEdge(graph.Edge{From: gh, To: "arn:aws:iam::111122223333:role/payments-deploy", Kind: graph.Assumes, Evidence: ev,
		Attrs: map[string]string{"condition.sub": "repo:northwind/payments-api:environment:production", "condition.sub.operator": "StringEquals", "oidc_sub_condition": "exact"}})
	b.AddEdge(graph.Edge{From: gh, To: "arn:aws:iam::111122223333:role/ci-open", Kind: graph.Assumes, Evidence: ev,
		Attrs: map[string]string{"oidc_sub_condition": "none"}})
	b.AddEdge(graph.Edge{From: eks, To: "arn:aws:iam::111122223333:role/payments-api-irsa", Kind: graph.Assumes, Evidence: ev,
		Attrs: map[string]string{"condition.sub": `["system:serviceaccount:payments:payments-api"]`, "condition.sub.operator": "StringEquals"}})
	return b.Build()
}

func TestOIDCTrustAndIRSA(t *testing.T) {
	g := trustEstate()
	b := graph.NewBuilder()
	b.AddGraph(g)
	if err := Run(context.Background(), g, b, OIDCTrust(), IRSA()); err != nil {
		t.Fatal(err)
	}
	out := b.Build()
	var links []string
	for _, e := range out.Edges() {
		if e.Attrs["rule"] != "" {
			links = append(links, e.Key().String()+" open="+e.Attrs["open_to_any_subject"])
		}
	}
	want := []string{
		"k8s:prod-eu/payments/serviceaccount/payments-api -assumes-> arn:aws:iam::111122223333:role/payments-api-irsa open=",
		"oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:environment:production -assumes-> arn:aws:iam::111122223333:role/ci-open open=true",
		"oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:environment:production -assumes-> arn:aws:iam::111122223333:role/payments-deploy open=",
		"oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:ref:refs/heads/main -assumes-> arn:aws:iam::111122223333:role/ci-open open=true",
	}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	var diags []string
	for _, d := range out.Diagnostics() {
		diags = append(diags, d.Message)
	}
	if len(diags) != 1 || !strings.Contains(diags[0], "ledger-worker names arn:aws:iam::111122223333:role/other, whose trust does not admit it") {
		t.Errorf("diagnostics = %v", diags)
	}
}
