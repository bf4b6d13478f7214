package aws

import (
	"context"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"golang.org/x/sync/errgroup"
)

// acmAPI is what convene calls of ACM: list and describe. GetCertificate
// and ExportCertificate, which return certificate bodies and (for
// exportable private certificates) keys, are not part of it.
type acmAPI interface {
	ListCertificates(context.Context, *acm.ListCertificatesInput, ...func(*acm.Options)) (*acm.ListCertificatesOutput, error)
	DescribeCertificate(context.Context, *acm.DescribeCertificateInput, ...func(*acm.Options)) (*acm.DescribeCertificateOutput, error)
}

// acmKeyTypes are every key type ACM issues or imports: ListCertificates
// returns RSA-2048 certificates only unless asked for the others.
var acmKeyTypes = []acmtypes.KeyAlgorithm{
	acmtypes.KeyAlgorithmRsa1024, acmtypes.KeyAlgorithmRsa2048, acmtypes.KeyAlgorithmRsa3072, acmtypes.KeyAlgorithmRsa4096,
	acmtypes.KeyAlgorithmEcPrime256v1, acmtypes.KeyAlgorithmEcSecp384r1, acmtypes.KeyAlgorithmEcSecp521r1,
}

// readCertificates lists the region's ACM certificates of every key type
// and describes each, workers at a time, for InUseBy and the issuer.
func readCertificates(ctx context.Context, api acmAPI, workers int, at string, d *diags) []acmCertificate {
	if api == nil {
		return nil
	}
	var arns []string
	p := acm.NewListCertificatesPaginator(api, &acm.ListCertificatesInput{Includes: &acmtypes.Filters{KeyTypes: acmKeyTypes}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			d.add(at, "acm:ListCertificates", err)
			return nil
		}
		for _, s := range page.CertificateSummaryList {
			arns = append(arns, awssdk.ToString(s.CertificateArn))
		}
	}
	out := make([]*acmCertificate, len(arns))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, a := range arns {
		g.Go(func() error {
			res, err := api.DescribeCertificate(gctx, &acm.DescribeCertificateInput{CertificateArn: awssdk.String(a)})
			if err != nil {
				if gctx.Err() == nil {
					d.add(at, "acm:DescribeCertificate", err)
				}
				return nil
			}
			c, err := convert[acmCertificate](res.Certificate)
			if err != nil || c.CertificateArn == "" {
				d.add(at, "acm:DescribeCertificate", errUnexpected)
				return nil
			}
			out[i] = &c
			return nil
		})
	}
	_ = g.Wait()
	return compact(out)
}
