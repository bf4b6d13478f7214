package aws

import (
	"context"
	"fmt"
	"slices"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// orgAccount is a member account of an AWS Organization: its name, the
// path of organizational units above it ("Root/Workloads/Prod") and its
// tags.
type orgAccount struct {
	id, name, status, ouPath string
	tags                     []tag
}

// maxOUDepth bounds the walk up the OU tree: Organizations allows five
// levels below the root.
const maxOUDepth = 8

// readOrganization lists the active accounts of the organization the
// default credentials read (the management account or a delegated
// administrator), with OU path and tags. A failure to read one account's
// parents or tags is a diagnostic; that account is still listed.
func readOrganization(ctx context.Context, api orgAPI, d *diags) ([]orgAccount, error) {
	const where = "aws:organizations"
	ouNames := map[string]string{}
	var out []orgAccount
	p := organizations.NewListAccountsPaginator(api, &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("organizations:ListAccounts: %w", err)
		}
		for _, a := range page.Accounts {
			status := string(a.State)
			if status == "" {
				status = string(a.Status) //nolint:staticcheck // older responses carry Status only
			}
			if status != "" && status != "ACTIVE" {
				continue // suspended or leaving: no role to assume
			}
			oa := orgAccount{id: awssdk.ToString(a.Id), name: awssdk.ToString(a.Name), status: status}
			path, err := ouPath(ctx, api, oa.id, ouNames)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				d.add(where, "organizations:ListParents", err)
			}
			oa.ouPath = path
			tags, err := orgTags(ctx, api, oa.id)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				d.add(where, "organizations:ListTagsForResource", err)
			}
			oa.tags = tags
			out = append(out, oa)
		}
	}
	return out, nil
}

// ouPath walks from an account up to the root, naming each OU once per
// scan.
func ouPath(ctx context.Context, api orgAPI, id string, names map[string]string) (string, error) {
	var segs []string
	child := id
	for range maxOUDepth {
		out, err := api.ListParents(ctx, &organizations.ListParentsInput{ChildId: awssdk.String(child)})
		if err != nil {
			return "", err
		}
		if len(out.Parents) == 0 {
			break
		}
		par := out.Parents[0]
		if par.Type == orgtypes.ParentTypeRoot {
			segs = append(segs, "Root")
			break
		}
		pid := awssdk.ToString(par.Id)
		name, ok := names[pid]
		if !ok {
			ou, err := api.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: awssdk.String(pid)})
			if err != nil {
				return "", err
			}
			name = awssdk.ToString(ou.OrganizationalUnit.Name)
			names[pid] = name
		}
		segs = append(segs, name)
		child = pid
	}
	slices.Reverse(segs)
	return strings.Join(segs, "/"), nil
}

func orgTags(ctx context.Context, api orgAPI, id string) ([]tag, error) {
	var out []tag
	p := organizations.NewListTagsForResourcePaginator(api, &organizations.ListTagsForResourceInput{ResourceId: awssdk.String(id)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return out, err
		}
		for _, t := range page.Tags {
			out = append(out, tag{Key: awssdk.ToString(t.Key), Value: awssdk.ToString(t.Value)})
		}
	}
	return out, nil
}

// orgTargets adds the organization's accounts to the configured ones: an
// account listed in aws.accounts keeps its own role; the others are read
// through organization.role_name.
func orgTargets(cfg config.AWS, accounts []config.AWSAccount, org []orgAccount) []config.AWSAccount {
	listed := map[string]bool{}
	for _, a := range accounts {
		listed[a.ID] = true
	}
	out := slices.Clone(accounts)
	for _, oa := range org {
		if !listed[oa.id] {
			out = append(out, config.AWSAccount{ID: oa.id, RoleName: cfg.Organization.RoleName, ExternalID: cfg.Organization.ExternalID})
		}
	}
	return out
}

// orgAccountNode reports an account as Organizations describes it: name,
// OU path and tags (owner tags become owner hints as on any node).
func (e *emitter) orgAccountNode(oa orgAccount) {
	attrs := map[string]string{"account_id": oa.id, "account_name": oa.name, "ou_path": oa.ouPath}
	for _, t := range oa.tags {
		attrs["tag."+t.Key] = t.Value
	}
	for k, v := range attrs {
		if v == "" {
			delete(attrs, k)
		}
	}
	src := &source{name: "aws:organizations/ListAccounts", account: oa.id}
	e.b.AddNode(graph.Node{ID: accountNodeID(oa.id), Kind: graph.Location, Type: "aws-account", Name: oa.id,
		Attrs: attrs, Evidence: e.evidence(src, 0, graph.Declared)})
}
