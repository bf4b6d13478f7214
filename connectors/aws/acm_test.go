package aws

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCertConsumer(t *testing.T) {
	tests := []struct{ arn, typ, name string }{
		{"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188", "aws-load-balancer", "shop"},
		{"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/edge/50dc6c495c0c9188", "aws-load-balancer", "edge"},
		{"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/classic-web", "aws-load-balancer", "classic-web"},
		{"arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE", "cloudfront-distribution", "EDFDVBD6EXAMPLE"},
		{"arn:aws:apigateway:us-east-1::/domainnames/api.example.com", "apigateway-domain", "api.example.com"},
		{"arn:aws:apprunner:us-east-1:123456789012:service/web/8fe1e10304f84fd2b0df550fe98a71fa", "aws-resource", ""},
	}
	for _, tt := range tests {
		n := certConsumer(tt.arn)
		if diff := cmp.Diff([]string{tt.typ, tt.name, "workload"}, []string{n.Type, n.Name, string(n.Kind)}); diff != "" && tt.name != "" {
			t.Errorf("certConsumer(%s) (-want +got):\n%s", tt.arn, diff)
		}
		if n.Type != tt.typ {
			t.Errorf("certConsumer(%s).Type = %q, want %q", tt.arn, n.Type, tt.typ)
		}
	}
}

func TestCertRenewal(t *testing.T) {
	tests := []struct{ typ, eligibility, want string }{
		{"AMAZON_ISSUED", "ELIGIBLE", "automatic"},
		{"PRIVATE", "ELIGIBLE", "automatic"},
		{"IMPORTED", "INELIGIBLE", "manual"},
		{"AMAZON_ISSUED", "INELIGIBLE", "not-eligible"},
		{"AMAZON_ISSUED", "", ""},
	}
	for _, tt := range tests {
		if got := certRenewal(tt.typ, tt.eligibility); got != tt.want {
			t.Errorf("certRenewal(%q, %q) = %q, want %q", tt.typ, tt.eligibility, got, tt.want)
		}
	}
}
