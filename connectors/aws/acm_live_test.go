package aws

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// acm answers ACM's JSON 1.1 operations as the ACM API reference documents
// them: ListCertificates pages summaries (only RSA-2048 ones unless
// Includes.keyTypes asks for more), DescribeCertificate returns one
// certificate with InUseBy.
func (f *fakeAWS) acm(w http.ResponseWriter, op, region string, in map[string]any) {
	token, _ := in["NextToken"].(string)
	switch op {
	case "ListCertificates":
		var keyTypes []any
		if inc, ok := in["Includes"].(map[string]any); ok {
			keyTypes, _ = inc["keyTypes"].([]any)
		}
		var sums []map[string]any
		for _, c := range f.certificates[region] {
			if alg := c["KeyAlgorithm"]; alg != "RSA_2048" && !slices.Contains(keyTypes, alg) {
				continue
			}
			sums = append(sums, map[string]any{"CertificateArn": c["CertificateArn"], "DomainName": c["DomainName"],
				"Type": c["Type"], "Status": c["Status"], "KeyAlgorithm": c["KeyAlgorithm"], "InUse": len(c["InUseBy"].([]string)) > 0})
		}
		from, to, next := page(len(sums), f.pageSize, token)
		out := map[string]any{"CertificateSummaryList": sums[from:to]}
		if next != "" {
			out["NextToken"] = next
		}
		writeJSON(w, out)
	case "DescribeCertificate":
		for _, c := range f.certificates[region] {
			if c["CertificateArn"] == in["CertificateArn"] {
				writeJSON(w, map[string]any{"Certificate": c})
				return
			}
		}
		f.fail(w, "json", http.StatusBadRequest, "ResourceNotFoundException", "Could not find certificate")
	}
}

// acmFake holds an Amazon-issued RSA certificate in use by a load balancer
// and CloudFront, and an imported EC certificate in use by an API Gateway
// domain, which ListCertificates returns only when asked for EC keys.
func acmFake() map[string][]map[string]any {
	const acct = "111122223333"
	return map[string][]map[string]any{"us-east-1": {{
		"CertificateArn": "arn:aws:acm:us-east-1:" + acct + ":certificate/0a1b2c3d-1111-2222-3333-444455556666",
		"DomainName":     "shop.northwind.example", "SubjectAlternativeNames": []string{"shop.northwind.example", "www.northwind.example"},
		"Type": "AMAZON_ISSUED", "Status": "ISSUED", "KeyAlgorithm": "RSA_2048", "RenewalEligibility": "ELIGIBLE", "Issuer": "Amazon",
		"NotBefore": 1.7640e9, "NotAfter": 1.7985e9,
		"InUseBy": []string{"arn:aws:elasticloadbalancing:us-east-1:" + acct + ":loadbalancer/app/shop/50dc6c495c0c9188", "arn:aws:cloudfront::" + acct + ":distribution/E2QWRUHEXAMPLE"},
	}, {
		"CertificateArn": "arn:aws:acm:us-east-1:" + acct + ":certificate/9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff",
		"DomainName":     "api.northwind.example", "SubjectAlternativeNames": []string{"api.northwind.example"},
		"Type": "IMPORTED", "Status": "ISSUED", "KeyAlgorithm": "EC_prime256v1", "RenewalEligibility": "INELIGIBLE",
		"NotBefore": 1.7640e9, "NotAfter": 1.7660e9, "ImportedAt": 1.7641e9,
		"InUseBy": []string{"arn:aws:apigateway:us-east-1::/domainnames/api.northwind.example"},
	}}}
}

// TestLiveACM reads ACM with the real SDK client against the fake: every
// key type is asked for, each certificate is described, and InUseBy
// becomes uses edges.
func TestLiveACM(t *testing.T) {
	f := &fakeAWS{account: "111122223333", pageSize: 1, certificates: acmFake(), denied: map[string]bool{}}
	srv := f.start(t)
	b := graph.NewBuilder()
	if err := liveConnector(config.AWS{Enabled: true, Regions: []string{"us-east-1"}}, srv.URL).Discover(context.Background(), nil, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	for _, d := range g.Diagnostics() {
		t.Errorf("diagnostic: %v", d)
	}
	var got []string
	for _, e := range g.Edges() {
		if e.Kind == "uses" {
			got = append(got, e.From+" -> "+e.To)
		}
	}
	slices.Sort(got)
	want := []string{
		"arn:aws:apigateway:us-east-1::/domainnames/api.northwind.example -> arn:aws:acm:us-east-1:111122223333:certificate/9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff",
		"arn:aws:cloudfront::111122223333:distribution/E2QWRUHEXAMPLE -> arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666",
		"arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/shop/50dc6c495c0c9188 -> arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("uses edges (-want +got):\n%s", diff)
	}
	n, ok := g.Node("arn:aws:acm:us-east-1:111122223333:certificate/9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff")
	if !ok {
		t.Fatal("the imported certificate is missing")
	}
	wantAttrs := map[string]string{"cert_type": "IMPORTED", "renewal": "manual", "not_after": "2025-12-17T19:33:20Z"}
	for k, v := range wantAttrs {
		if n.Attrs[k] != v {
			t.Errorf("%s = %q, want %q", k, n.Attrs[k], v)
		}
	}
	if c := f.count("DescribeCertificate"); c != 2 {
		t.Errorf("DescribeCertificate called %d times, want 2", c)
	}
}
