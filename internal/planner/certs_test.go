package planner

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// certEstate holds a cert-manager chain issued by a Vault PKI role (an
// Ingress and a Deployment presenting its Secret), an Amazon-issued and an
// imported ACM certificate in use by load balancers, and a keystore baked
// into an image.
func certEstate() *graph.Graph {
	b := graph.NewBuilder()
	n := func(id string, k graph.NodeKind, typ string, attrs map[string]string) {
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Name: id[strings.LastIndexAny(id, "/:")+1:], Attrs: attrs,
			Evidence: []graph.Evidence{{Connector: "test", Source: "estate", Line: 1, Basis: graph.Declared}}})
	}
	e := func(from, to string, k graph.EdgeKind, attrs map[string]string) {
		b.AddEdge(graph.Edge{From: from, To: to, Kind: k, Attrs: attrs,
			Evidence: []graph.Evidence{{Connector: "test", Source: "estate", Line: 2, Basis: graph.Declared}}})
	}
	n("vault:pki/roles/web", graph.Credential, "certificate", map[string]string{"engine": "pki"})
	n("k8s:c/shop/issuer/vault", graph.Identity, "cert-manager-issuer", nil)
	n("k8s:c/shop/certificate/web", graph.Credential, "certificate", map[string]string{"cert_source": "cert-manager", "renewal": "automatic",
		"not_after": "2026-12-20T00:00:00Z", "renew_before": "360h"})
	n("k8s:c/shop/secret/web-tls", graph.Credential, "k8s-secret", nil)
	n("k8s:c/shop/ingress/web", graph.Workload, "k8s-ingress", nil)
	n("k8s:c/shop/deployment/api", graph.Workload, "k8s-workload", map[string]string{"kind": "Deployment"})
	e("k8s:c/shop/issuer/vault", "vault:pki/roles/web", graph.Reads, map[string]string{"delivery": "per-run"})
	e("k8s:c/shop/certificate/web", "k8s:c/shop/issuer/vault", graph.Reads, map[string]string{"delivery": "per-run"})
	e("k8s:c/shop/secret/web-tls", "k8s:c/shop/certificate/web", graph.CopyOf, map[string]string{"synced_by": "k8s:c/shop/certificate/web"})
	e("k8s:c/shop/ingress/web", "k8s:c/shop/secret/web-tls", graph.Uses, map[string]string{"delivery": "per-run"})
	e("k8s:c/shop/deployment/api", "k8s:c/shop/secret/web-tls", graph.Uses, map[string]string{"via": "volume"})

	n("k8s:c/certs/certificate/root", graph.Credential, "certificate", map[string]string{"cert_source": "cert-manager", "renewal": "automatic", "is_ca": "true"})
	n("arn:acm:amazon", graph.Credential, "certificate", map[string]string{"cert_source": "acm", "renewal": "automatic", "not_after": "2027-06-01T00:00:00Z"})
	n("arn:acm:imported", graph.Credential, "certificate", map[string]string{"cert_source": "acm", "renewal": "manual", "not_after": "2026-12-10T00:00:00Z"})
	n("arn:elb:shop", graph.Workload, "aws-load-balancer", nil)
	n("arn:elb:api", graph.Workload, "aws-load-balancer", nil)
	n("arn:cf:shop", graph.Workload, "cloudfront-distribution", nil)
	e("arn:elb:shop", "arn:acm:amazon", graph.Uses, nil)
	e("arn:cf:shop", "arn:acm:amazon", graph.Uses, nil)
	e("arn:elb:api", "arn:acm:imported", graph.Uses, nil)

	n("host:h/opt/app/keystore.jks", graph.Credential, "certificate", map[string]string{"renewal": "manual"})
	n("k8s:c/shop/deployment/java", graph.Workload, "k8s-workload", nil)
	e("k8s:c/shop/deployment/java", "host:h/opt/app/keystore.jks", graph.Uses, map[string]string{"delivery": "image"})
	return b.Build()
}

func TestCertificateRotate(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	g := certEstate()
	tests := []struct {
		name  string
		ch    Change
		want  map[string]Class
		notes []string
		facts map[string][]string
	}{
		{name: "cert-manager certificate: the Secret is re-synced, the Ingress reloads, the pod restarts",
			ch:   Change{Action: Rotate, Targets: []string{"k8s:c/shop/certificate/web"}},
			want: map[string]Class{"k8s:c/shop/secret/web-tls": Auto, "k8s:c/shop/ingress/web": Auto, "k8s:c/shop/deployment/api": Restart},
			notes: []string{"k8s:c/shop/certificate/web expires on 2026-12-20T00:00:00Z (in 19 days)",
				"k8s:c/shop/certificate/web renewal is automatic: cert-manager renews it 360h before expiry and rewrites its Secret"}},
		{name: "a window before renewBefore opens is said",
			ch:   Change{Action: Rotate, Targets: []string{"k8s:c/shop/certificate/web"}, Window: &Window{Start: time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC), Duration: 2 * time.Hour}},
			want: map[string]Class{"k8s:c/shop/secret/web-tls": Auto, "k8s:c/shop/ingress/web": Auto, "k8s:c/shop/deployment/api": Restart},
			notes: []string{"k8s:c/shop/certificate/web expires on 2026-12-20T00:00:00Z (in 19 days)",
				"k8s:c/shop/certificate/web renewal is automatic: cert-manager renews it 360h before expiry and rewrites its Secret",
				"the window falls outside renewBefore: cert-manager renews k8s:c/shop/certificate/web from 2026-12-05T00:00:00Z, after the window opens; trigger the renewal by hand (cmctl renew web)"}},
		{name: "Amazon-issued ACM certificate: ACM redeploys it",
			ch:   Change{Action: Rotate, Targets: []string{"arn:acm:amazon"}},
			want: map[string]Class{"arn:elb:shop": Auto, "arn:cf:shop": Auto},
			notes: []string{"arn:acm:amazon expires on 2027-06-01T00:00:00Z (in 182 days)",
				"arn:acm:amazon renewal is automatic: ACM renews it and redeploys it to the resources that use it"}},
		{name: "imported ACM certificate: someone must re-import it",
			ch:   Change{Action: Rotate, Targets: []string{"arn:acm:imported"}},
			want: map[string]Class{"arn:elb:api": UpdateCopy},
			notes: []string{"arn:acm:imported expires on 2026-12-10T00:00:00Z (in 9 days)",
				"arn:acm:imported renewal is manual: imported into ACM, nobody renews it; re-import a renewed certificate into the same ARN before it expires"}},
		{name: "a keystore baked into an image: rebuild and restart",
			ch:    Change{Action: Rotate, Targets: []string{"host:h/opt/app/keystore.jks"}},
			want:  map[string]Class{"k8s:c/shop/deployment/java": Restart},
			notes: []string{"host:h/opt/app/keystore.jks no renewal automation is known"}},
		{name: "a CA certificate: trust bundles",
			ch:   Change{Action: Rotate, Targets: []string{"k8s:c/certs/certificate/root"}},
			want: map[string]Class{},
			notes: []string{"k8s:c/certs/certificate/root renewal is automatic: cert-manager renews it a third of its lifetime before expiry and rewrites its Secret",
				"k8s:c/certs/certificate/root is a CA: the certificates signed with it chain to it, and clients that trust or pin it need the new CA in their trust bundles before the old one is removed"}},
		{name: "revoking the PKI role reaches every certificate and what presents it",
			ch: Change{Action: Revoke, Targets: []string{"vault:pki/roles/web"}},
			want: map[string]Class{"k8s:c/shop/issuer/vault": Breaks, "k8s:c/shop/certificate/web": Breaks, "k8s:c/shop/secret/web-tls": Breaks,
				"k8s:c/shop/ingress/web": Breaks, "k8s:c/shop/deployment/api": Breaks},
			notes: []string{"vault:pki/roles/web is a Vault PKI role: certificates already issued from it stay valid until they expire; revoke them in Vault if they must stop working"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Make(g, tt.ch, Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, classes(p)); diff != "" {
				t.Errorf("classes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.notes, p.Notes); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCertificateFacts(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		attrs map[string]string
		want  []string
	}{
		{map[string]string{"cert_source": "acm", "renewal": "manual", "not_after": "2026-11-01T00:00:00Z"},
			[]string{"expired on 2026-11-01T00:00:00Z (29 days ago)", "renewal is manual: imported into ACM, nobody renews it; re-import a renewed certificate into the same ARN before it expires"}},
		{map[string]string{"cert_source": "iam-server-certificate", "renewal": "manual"},
			[]string{"renewal is manual: upload a new IAM server certificate and point each load balancer at it before this one expires"}},
		{map[string]string{"cert_source": "acm", "renewal": "not-eligible", "renewal_eligibility": "INELIGIBLE"},
			[]string{"ACM will not renew it (renewal eligibility INELIGIBLE): it must be in use and validated"}},
		{map[string]string{"cert_source": "cert-manager"},
			[]string{"renewal is automatic: cert-manager renews it a third of its lifetime before expiry and rewrites its Secret"}},
		{map[string]string{"cert_source": "cert-manager", "renew_before": "720h", "renewal_time": "2026-12-01T00:00:00Z", "keystores": "jks"},
			[]string{"renewal is automatic: cert-manager renews it 720h before expiry (next on 2026-12-01T00:00:00Z) and rewrites its Secret",
				"its Secret also holds a jks keystore, which a JVM loads at start: what mounts it restarts after each renewal"}},
		{map[string]string{"cert_source": "cert-manager", "keystores": `["jks","pkcs12"]`},
			[]string{"renewal is automatic: cert-manager renews it a third of its lifetime before expiry and rewrites its Secret",
				"its Secret also holds a jks and pkcs12 keystore, which a JVM loads at start: what mounts it restarts after each renewal"}},
		{map[string]string{"engine": "pki", "allow_any_name": "true"}, []string{"issues certificates for any name (allow_any_name)"}},
	}
	for _, tt := range tests {
		got := certFacts(graph.Node{ID: "c", Type: "certificate", Attrs: tt.attrs}, now)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("certFacts(%v) (-want +got):\n%s", tt.attrs, diff)
		}
	}
}
