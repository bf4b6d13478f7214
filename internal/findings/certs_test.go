package findings

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// certRuleFixtures are the positive and negative graphs of the certificate
// rules, run by TestRulesPositiveAndNegative (now: 2026-11-29).
var certRuleFixtures = []struct {
	rule     string
	positive fixture
	negative fixture
}{
	{"NHI-CERT-EXPIRY",
		fixture{[]string{"arn:acm:a|credential|certificate|cert_source=acm|not_after=2026-12-10T00:00:00Z", "k8s:c/n/certificate/w|credential|certificate|renewal=automatic|not_after=2026-11-01T00:00:00Z"}, nil},
		fixture{[]string{"arn:acm:a|credential|certificate|cert_source=acm|not_after=2027-03-01T00:00:00Z", "vault:pki/roles/r|credential|certificate|engine=pki|not_after=2026-12-01T00:00:00Z",
			"k8s:c/n/certificate/due|credential|certificate|cert_source=cert-manager|renewal=automatic|not_after=2026-12-20T00:00:00Z|renew_before=360h"}, nil}},
	{"NHI-CERT-MANUAL-RENEWAL",
		fixture{[]string{"arn:acm:i|credential|certificate|cert_source=acm|renewal=manual", "arn:iam:s|credential|certificate|cert_source=iam-server-certificate|renewal=manual"}, nil},
		fixture{[]string{"arn:acm:a|credential|certificate|cert_source=acm|renewal=automatic"}, nil}},
	{"NHI-CERT-WILDCARD-SHARED",
		fixture{[]string{"k8s:c/certs/certificate/wild|credential|certificate|dns_names=*.example.com", "k8s:c/certs/secret/wild|credential|k8s-secret",
			"k8s:c/a/ingress/x|workload|k8s-ingress", "k8s:c/b/ingress/y|workload|k8s-ingress", "ns:a|location|k8s-namespace", "ns:b|location|k8s-namespace"},
			[]string{"k8s:c/certs/secret/wild>copy_of>k8s:c/certs/certificate/wild", "k8s:c/a/ingress/x>uses>k8s:c/certs/secret/wild", "k8s:c/b/ingress/y>uses>k8s:c/certs/secret/wild",
				"k8s:c/a/ingress/x>part_of>ns:a", "k8s:c/b/ingress/y>part_of>ns:b"}},
		fixture{[]string{"k8s:c/certs/certificate/wild|credential|certificate|dns_names=*.example.com", "k8s:c/certs/certificate/www|credential|certificate|dns_names=www.example.com",
			"k8s:c/a/ingress/x|workload|k8s-ingress", "k8s:c/b/ingress/y|workload|k8s-ingress", "ns:a|location|k8s-namespace", "ns:b|location|k8s-namespace"},
			[]string{"k8s:c/a/ingress/x>uses>k8s:c/certs/certificate/wild", "k8s:c/a/ingress/x>part_of>ns:a",
				"k8s:c/a/ingress/x>uses>k8s:c/certs/certificate/www", "k8s:c/b/ingress/y>uses>k8s:c/certs/certificate/www", "k8s:c/b/ingress/y>part_of>ns:b"}}},
	{"NHI-CERT-WILDCARD-SHARED",
		fixture{[]string{"arn:acm:wild|credential|certificate|dns_names=*.example.org", "arn:elb:a|workload|aws-load-balancer", "arn:elb:b|workload|aws-load-balancer", "arn:cf:c|workload|cloudfront-distribution"},
			[]string{"arn:elb:a>uses>arn:acm:wild", "arn:elb:b>uses>arn:acm:wild", "arn:cf:c>uses>arn:acm:wild"}},
		fixture{[]string{"arn:acm:wild|credential|certificate|dns_names=*.example.org", "arn:elb:a|workload|aws-load-balancer", "arn:elb:b|workload|aws-load-balancer"},
			[]string{"arn:elb:a>uses>arn:acm:wild", "arn:elb:b>uses>arn:acm:wild"}}},
	{"NHI-PKI-BROAD-ROLE",
		fixture{[]string{"vault:pki/roles/any|credential|certificate|engine=pki|allow_any_name=true", `vault:pki/roles/tld|credential|certificate|engine=pki|allowed_domains=["com"]|allow_subdomains=true`}, nil},
		fixture{[]string{`vault:pki/roles/web|credential|certificate|engine=pki|allowed_domains=["example.com"]|allow_subdomains=true|allow_any_name=false`}, nil}},
}

// TestCertMessages pins what the certificate rules say.
func TestCertMessages(t *testing.T) {
	var got []string
	for _, fx := range certRuleFixtures {
		r, err := Run(context.Background(), fx.positive.build(), Thresholds{Now: now}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			if f.RuleID == fx.rule {
				got = append(got, f.Message)
			}
		}
	}
	want := []string{
		"arn:acm:a expires on 2026-12-10T00:00:00Z (in 11 days)",
		"k8s:c/n/certificate/w expired on 2026-11-01T00:00:00Z (28 days ago); its automatic renewal has not happened",
		"arn:acm:i is imported into ACM: nothing renews it",
		"arn:iam:s is an IAM server certificate: nothing renews it",
		"wildcard certificate k8s:c/certs/certificate/wild is presented by 2 resources in 2 places",
		"wildcard certificate arn:acm:wild is presented by 3 resources",
		"PKI role vault:pki/roles/any issues for too many names: allow_any_name is set",
		`PKI role vault:pki/roles/tld issues for too many names: allowed_domains holds the top-level domain "com" with subdomains allowed`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}
