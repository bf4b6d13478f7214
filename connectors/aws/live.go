package aws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"golang.org/x/sync/errgroup"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// discoverLive reads every configured account, and every account of the
// organization when aws.organization is set: IAM once per account, the
// regional services in every region concurrently, the accounts themselves
// concurrently up to organization.concurrency. A call that fails (access
// denied, throttled past the retryer) is a diagnostic and the rest of the
// account lands; an account that cannot be reached at all (its role cannot
// be assumed) is a diagnostic and the others land. It fails only when no
// account could be read.
func (c *Connector) discoverLive(ctx context.Context, e *emitter) error {
	accounts := c.cfg.Accounts
	if c.cfg.Organization.Enabled() {
		od := &diags{}
		org, err := c.listOrganization(ctx, od)
		od.flush(e.b)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			e.b.Diagnose(graph.Diagnostic{Connector: Name, File: "aws:organizations", Severity: graph.Error,
				Message: fmt.Sprintf("organization accounts not listed: %v; run convene with credentials of the management account or a delegated administrator allowed organizations:ListAccounts, ListParents, DescribeOrganizationalUnit and ListTagsForResource", err)})
		}
		for _, oa := range org {
			e.orgAccountNode(oa)
		}
		accounts = orgTargets(c.cfg, accounts, org)
	}
	if len(accounts) == 0 {
		accounts = []config.AWSAccount{{}} // the default credentials' own
	}
	regions := c.cfg.Regions
	if len(regions) == 0 {
		regions = []string{""}
	}
	invs := make([]*inventory, len(accounts))
	errs := make([]error, len(accounts))
	ds := make([]*diags, len(accounts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.Organization.Workers())
	for i, acct := range accounts {
		ds[i] = &diags{}
		g.Go(func() error {
			invs[i], errs[i] = c.readAccount(gctx, acct, regions, ds[i])
			return nil // one account's failure is its own
		})
	}
	_ = g.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	landed := 0
	for i, acct := range accounts {
		ds[i].flush(e.b)
		if errs[i] != nil {
			e.b.Diagnose(graph.Diagnostic{Connector: Name, File: "aws:" + acct.ID, Severity: graph.Error,
				Message: fmt.Sprintf("account not read: %v; check the credentials and aws.accounts or aws.organization in convene.yaml", errs[i])})
			continue
		}
		e.emit(invs[i])
		landed++
	}
	if landed == 0 {
		return errors.New("no AWS account could be read; see the diagnostics")
	}
	return nil
}

// listOrganization lists the organization's accounts with the default
// credentials.
func (c *Connector) listOrganization(ctx context.Context, d *diags) ([]orgAccount, error) {
	cl, err := c.newClients(ctx, config.AWSAccount{}, "")
	if err != nil {
		return nil, err
	}
	return readOrganization(ctx, cl.org, d)
}

func (c *Connector) readAccount(ctx context.Context, acct config.AWSAccount, regions []string, d *diags) (*inventory, error) {
	cl, err := c.newClients(ctx, acct, regions[0])
	if err != nil {
		return nil, err
	}
	// One call proves the credentials (and the AssumeRole behind them)
	// before the fan-out, and names the account when none was listed.
	out, err := cl.caller.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("sts:GetCallerIdentity: %w", err)
	}
	id := awssdk.ToString(out.Account)
	if acct.ID != "" && id != acct.ID {
		return nil, fmt.Errorf("the credentials are for account %s, not %s", id, acct.ID)
	}
	workers := c.cfg.Workers()
	inv := &inventory{}
	authzSrc := &source{name: "aws:" + id + "/iam:GetAccountAuthorizationDetails", account: id}
	authz, err := readAuthz(ctx, cl.authz)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		d.add(authzSrc.name, "iam:GetAccountAuthorizationDetails", err)
	} else {
		inv.authz = append(inv.authz, sourced[authzDetails]{authz, authzSrc})
		keySrc := &source{name: "aws:" + id + "/iam:ListAccessKeys", account: id}
		users := make([]string, len(authz.UserDetailList))
		for i, u := range authz.UserDetailList {
			users[i] = u.UserName
		}
		for _, k := range readAccessKeys(ctx, cl.keys, users, workers, keySrc.name, d) {
			inv.keys = append(inv.keys, sourced[accessKey]{k, keySrc})
		}
	}
	perRegion := make([]*inventory, len(regions))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, region := range regions {
		g.Go(func() error {
			rc := cl
			if i > 0 {
				var err error
				if rc, err = c.newClients(gctx, acct, region); err != nil {
					d.add("aws:"+id+"/"+region, "configure region "+region, err)
					return nil
				}
			}
			perRegion[i] = readRegion(gctx, rc, id, region, workers, d)
			return nil
		})
	}
	_ = g.Wait() // the region readers report through d and never fail
	for _, r := range perRegion {
		if r == nil {
			continue
		}
		inv.lambdas = append(inv.lambdas, r.lambdas...)
		inv.secrets = append(inv.secrets, r.secrets...)
		inv.tasks = append(inv.tasks, r.tasks...)
		inv.schedules = append(inv.schedules, r.schedules...)
		inv.certificates = append(inv.certificates, r.certificates...)
	}
	return inv, ctx.Err()
}

// convert moves an SDK output into convene's inventory types through the
// documented JSON field names the two share.
func convert[T any](v any) (T, error) {
	var out T
	data, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	err = json.Unmarshal(data, &out)
	return out, err
}

// diags collects the failures of a live read, one diagnostic per API and
// place however many calls failed the same way.
type diags struct {
	mu    sync.Mutex
	order []string
	first map[string]graph.Diagnostic
	count map[string]int
}

func (d *diags) add(where, op string, err error) {
	msg := fmt.Sprintf("%s failed: %v; the rest of the account was read", op, err)
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException", "ClientException":
			msg = fmt.Sprintf("%s denied (%s); grant it to convene's role (docs/aws.md lists the read-only policy); the rest of the account was read", op, ae.ErrorCode())
		case "Throttling", "ThrottlingException", "TooManyRequestsException":
			msg = fmt.Sprintf("%s still throttled after the retries (%s); raise aws.max_attempts or lower aws.concurrency", op, ae.ErrorCode())
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.first == nil {
		d.first, d.count = map[string]graph.Diagnostic{}, map[string]int{}
	}
	key := where + "\x00" + op
	if _, ok := d.first[key]; !ok {
		d.order = append(d.order, key)
		d.first[key] = graph.Diagnostic{Connector: Name, File: where, Severity: graph.Error, Message: msg}
	}
	d.count[key]++
}

func (d *diags) flush(b *graph.Builder) {
	d.mu.Lock()
	defer d.mu.Unlock()
	slices.Sort(d.order)
	for _, k := range d.order {
		diag := d.first[k]
		if n := d.count[k]; n > 1 {
			diag.Message += fmt.Sprintf(" (%d calls failed this way)", n)
		}
		b.Diagnose(diag)
	}
}

// errUnexpected is an SDK output convene could not take in.
var errUnexpected = errors.New("unexpected response shape")
