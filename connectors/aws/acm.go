package aws

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// acmCertificate is an ACM certificate as DescribeCertificate returns it
// (`aws acm describe-certificate`), or the summary ListCertificates gives
// (`aws acm list-certificates`), which lacks InUseBy and the issuer. No
// field holds key material: ACM never returns a private key from these
// calls, and the certificate body (GetCertificate) is not read.
type acmCertificate struct {
	CertificateArn                   string
	DomainName                       string
	SubjectAlternativeNames          []string
	SubjectAlternativeNameSummaries  []string
	HasAdditionalSubjectAlternatives bool `json:"HasAdditionalSubjectAlternativeNames"`
	Type                             string
	Status                           string
	RenewalEligibility               string
	KeyAlgorithm                     string
	Issuer                           string
	CertificateAuthorityArn          string
	InUseBy                          []string
	InUse                            *bool
	NotAfter                         awsTime
	NotBefore                        awsTime
	ImportedAt                       awsTime
	IssuedAt                         awsTime
	CreatedAt                        awsTime
	DomainValidationOptions          []struct {
		ValidationMethod string
	}
	RenewalSummary *struct {
		RenewalStatus string
	}
}

// acmDescribeOutput is DescribeCertificate's answer.
type acmDescribeOutput struct {
	Certificate *acmCertificate
}

// acmListOutput is ListCertificates' answer.
type acmListOutput struct {
	CertificateSummaryList []acmCertificate
}

// serverCertificate is an IAM server certificate's metadata, as
// `aws iam list-server-certificates` prints it.
type serverCertificate struct {
	Path, ServerCertificateName, ServerCertificateId, Arn string
	UploadDate, Expiration                                awsTime
}

// serverCertificateList is ListServerCertificates' answer.
type serverCertificateList struct {
	ServerCertificateMetadataList []serverCertificate
}

// certRenewal says how a certificate is renewed: ACM renews the
// certificates it issued while they are eligible; nobody renews an
// imported one but whoever imported it.
func certRenewal(typ, eligibility string) string {
	switch {
	case typ == "IMPORTED":
		return "manual"
	case eligibility == "ELIGIBLE":
		return "automatic"
	case eligibility == "INELIGIBLE":
		return "not-eligible"
	}
	return ""
}

// emitACM reports an ACM certificate: a credential of type certificate
// whose ID is its ARN, and a uses edge from each resource InUseBy names
// (load balancers, CloudFront distributions, API Gateway custom domains)
// to it.
func (e *emitter) emitACM(c acmCertificate, src *source) {
	if c.CertificateArn == "" {
		return
	}
	names := append([]string{}, c.DomainName)
	for _, n := range append(c.SubjectAlternativeNames, c.SubjectAlternativeNameSummaries...) {
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	a := map[string]string{"cert_source": "acm", "dns_names": graph.EncodeList(names)}
	var methods []string
	for _, v := range c.DomainValidationOptions {
		if v.ValidationMethod != "" && !slices.Contains(methods, v.ValidationMethod) {
			methods = append(methods, v.ValidationMethod)
		}
	}
	for k, v := range map[string]string{
		"cert_type": c.Type, "status": c.Status, "renewal_eligibility": c.RenewalEligibility,
		"renewal": certRenewal(c.Type, c.RenewalEligibility), "key_algorithm": c.KeyAlgorithm, "issued_by": c.Issuer,
		"certificate_authority": c.CertificateAuthorityArn, "not_after": string(c.NotAfter), "not_before": string(c.NotBefore),
		"imported_at": string(c.ImportedAt), "issued_at": string(c.IssuedAt),
	} {
		if v != "" {
			a[k] = v
		}
	}
	graph.AppendList(a, "validation_method", methods...)
	if c.RenewalSummary != nil && c.RenewalSummary.RenewalStatus != "" {
		a["renewal_status"] = c.RenewalSummary.RenewalStatus
	}
	if c.InUse != nil {
		a["in_use"] = boolString(*c.InUse)
	} else if c.InUseBy != nil {
		a["in_use"] = boolString(len(c.InUseBy) > 0)
	}
	if p, ok := parseARN(c.CertificateArn); ok && p.Region != "" {
		a["region"] = p.Region
	}
	e.node(graph.Node{ID: c.CertificateArn, Kind: graph.Credential, Type: "certificate", Name: c.DomainName, Attrs: a}, src, graph.Configured)
	for _, user := range c.InUseBy {
		line := src.line(user)
		e.nodeAt(certConsumer(user), src, line, graph.Configured)
		e.edge(user, c.CertificateArn, graph.Uses, map[string]string{"via": "acm-in-use-by"}, src, line, graph.Configured)
	}
}

// emitServerCertificate reports an IAM server certificate (the certificates
// uploaded to IAM for load balancers before ACM): always renewed by hand.
func (e *emitter) emitServerCertificate(c serverCertificate, src *source) {
	if c.Arn == "" {
		return
	}
	a := map[string]string{"cert_source": "iam-server-certificate", "cert_type": "IMPORTED", "renewal": "manual"}
	for k, v := range map[string]string{"path": c.Path, "not_after": string(c.Expiration), "imported_at": string(c.UploadDate)} {
		if v != "" {
			a[k] = v
		}
	}
	e.node(graph.Node{ID: c.Arn, Kind: graph.Credential, Type: "certificate", Name: c.ServerCertificateName, Attrs: a}, src, graph.Configured)
}

// certConsumer names the resource an ACM certificate is in use by:
// a load balancer, a CloudFront distribution, an API Gateway custom
// domain, or any other resource by its ARN.
func certConsumer(arn string) graph.Node {
	n := refNode(arn)
	p, ok := parseARN(arn)
	if !ok {
		return n
	}
	switch {
	case p.Service == "elasticloadbalancing" && strings.HasPrefix(p.Resource, "loadbalancer/"):
		// loadbalancer/app/NAME/ID, loadbalancer/net/NAME/ID, or a
		// Classic Load Balancer's loadbalancer/NAME.
		segs := strings.Split(p.Resource, "/")
		n.Type, n.Name = "aws-load-balancer", segs[len(segs)-1]
		if len(segs) == 4 {
			n.Name = segs[2]
		}
	case p.Service == "cloudfront" && strings.HasPrefix(p.Resource, "distribution/"):
		n.Type, n.Name = "cloudfront-distribution", strings.TrimPrefix(p.Resource, "distribution/")
	case p.Service == "apigateway" && strings.HasPrefix(p.Resource, "/domainnames/"):
		n.Type, n.Name = "apigateway-domain", strings.TrimPrefix(p.Resource, "/domainnames/")
	}
	n.Kind = graph.Workload
	return n
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
