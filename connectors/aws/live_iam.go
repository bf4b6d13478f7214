package aws

import (
	"context"
	"fmt"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"golang.org/x/sync/errgroup"
)

// readAuthz pages through GetAccountAuthorizationDetails: one call family
// gives every user, group, role and policy with their documents.
func readAuthz(ctx context.Context, api authzAPI) (authzDetails, error) {
	var all authzDetails
	p := iam.NewGetAccountAuthorizationDetailsPaginator(api, &iam.GetAccountAuthorizationDetailsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return authzDetails{}, err
		}
		part, err := convert[authzDetails](struct {
			UserDetailList, GroupDetailList, RoleDetailList, Policies any
		}{page.UserDetailList, page.GroupDetailList, page.RoleDetailList, page.Policies})
		if err != nil {
			return authzDetails{}, fmt.Errorf("convert GetAccountAuthorizationDetails page: %w", err)
		}
		all.UserDetailList = append(all.UserDetailList, part.UserDetailList...)
		all.GroupDetailList = append(all.GroupDetailList, part.GroupDetailList...)
		all.RoleDetailList = append(all.RoleDetailList, part.RoleDetailList...)
		all.Policies = append(all.Policies, part.Policies...)
	}
	return all, nil
}

// readAccessKeys lists each user's keys and when each was last used, with
// at most workers users in flight. A failed call is a diagnostic; the keys
// read still land.
func readAccessKeys(ctx context.Context, api accessKeysAPI, users []string, workers int, where string, d *diags) []accessKey {
	perUser := make([][]accessKey, len(users))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, user := range users {
		g.Go(func() error {
			p := iam.NewListAccessKeysPaginator(api, &iam.ListAccessKeysInput{UserName: awssdk.String(user)})
			for p.HasMorePages() {
				page, err := p.NextPage(gctx)
				if err != nil {
					if gctx.Err() == nil {
						d.add(where, "iam:ListAccessKeys", err)
					}
					return nil
				}
				for _, m := range page.AccessKeyMetadata {
					k := accessKey{UserName: awssdk.ToString(m.UserName), AccessKeyId: awssdk.ToString(m.AccessKeyId),
						Status: string(m.Status)}
					if m.CreateDate != nil {
						k.CreateDate = awsTime(formatTime(*m.CreateDate))
					}
					lu, err := api.GetAccessKeyLastUsed(gctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: m.AccessKeyId})
					switch {
					case err != nil && gctx.Err() == nil:
						d.add(where, "iam:GetAccessKeyLastUsed", err)
					case err == nil && lu.AccessKeyLastUsed != nil:
						u := lu.AccessKeyLastUsed
						k.AccessKeyLastUsed = &keyLastUsed{ServiceName: awssdk.ToString(u.ServiceName), Region: awssdk.ToString(u.Region)}
						if u.LastUsedDate != nil {
							k.AccessKeyLastUsed.LastUsedDate = awsTime(formatTime(*u.LastUsedDate))
						}
					}
					perUser[i] = append(perUser[i], k)
				}
			}
			return nil
		})
	}
	_ = g.Wait()
	var out []accessKey
	for _, ks := range perUser {
		out = append(out, ks...)
	}
	return out
}
