package aws

import (
	"context"
	"fmt"
	"strings"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"golang.org/x/sync/errgroup"
)

// readRegion reads the regional services of one account in one region. It
// never fails: each API that cannot be read is a diagnostic in d.
func readRegion(ctx context.Context, cl *clients, account, region string, workers int, d *diags) *inventory {
	inv := &inventory{}
	at := "aws:" + account + "/" + region
	if region == "" {
		at = "aws:" + account
	}
	src := func(op string) *source { return &source{name: at + "/" + op, account: account} }

	// A list that fails part way keeps the pages read; the diagnostic says
	// how far it got.
	fs, err := readLambdas(ctx, cl.lambda)
	if err != nil {
		d.add(at, partial("lambda:ListFunctions", len(fs), "functions"), err)
	}
	s := src("lambda:ListFunctions")
	for _, f := range fs {
		inv.lambdas = append(inv.lambdas, sourced[lambdaFunction]{f, s})
	}
	ss, err := readSecrets(ctx, cl.secrets)
	if err != nil {
		d.add(at, partial("secretsmanager:ListSecrets", len(ss), "secrets"), err)
	}
	s = src("secretsmanager:ListSecrets")
	for _, x := range ss {
		inv.secrets = append(inv.secrets, sourced[secret]{x, s})
	}
	s = src("ecs:DescribeTaskDefinition")
	for _, t := range readTaskDefinitions(ctx, cl.ecs, workers, at, d) {
		inv.tasks = append(inv.tasks, sourced[taskDefinitionOutput]{t, s})
	}
	s = src("scheduler:GetSchedule")
	for _, x := range readSchedules(ctx, cl.scheduler, workers, at, d) {
		inv.schedules = append(inv.schedules, sourced[schedule]{x, s})
	}
	s = src("acm:DescribeCertificate")
	for _, c := range readCertificates(ctx, cl.acm, workers, at, d) {
		inv.certificates = append(inv.certificates, sourced[acmCertificate]{c, s})
	}
	return inv
}

// partial names an API whose listing failed after some pages were read.
func partial(op string, read int, what string) string {
	if read == 0 {
		return op
	}
	return fmt.Sprintf("%s (the first %d %s were read, the rest were not)", op, read, what)
}

// readLambdas lists functions; on an error it returns the pages read. The environment is copied name by name and
// only values that are secret or parameter ARNs are kept: no other
// environment value leaves this function.
func readLambdas(ctx context.Context, api lambdaAPI) ([]lambdaFunction, error) {
	var out []lambdaFunction
	p := lambda.NewListFunctionsPaginator(api, &lambda.ListFunctionsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return out, err
		}
		for _, f := range page.Functions {
			lf := lambdaFunction{
				FunctionName: awssdk.ToString(f.FunctionName), FunctionArn: awssdk.ToString(f.FunctionArn),
				Runtime: string(f.Runtime), Role: awssdk.ToString(f.Role), Handler: awssdk.ToString(f.Handler),
				PackageType: string(f.PackageType),
			}
			lf.LastModified = awsTime(parseTime(awssdk.ToString(f.LastModified)))
			if f.Environment != nil {
				vars := make(map[string]string, len(f.Environment.Variables))
				for k, v := range f.Environment.Variables {
					if !credentialRef(strings.TrimSpace(v)) {
						v = ""
					}
					vars[k] = v
				}
				lf.Environment = &struct{ Variables map[string]string }{vars}
			}
			out = append(out, lf)
		}
	}
	return out, nil
}

// readSecrets lists secrets' metadata; GetSecretValue is never called. On
// an error it returns the pages read.
func readSecrets(ctx context.Context, api secretsAPI) ([]secret, error) {
	var out []secret
	p := secretsmanager.NewListSecretsPaginator(api, &secretsmanager.ListSecretsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return out, err
		}
		part, err := convert[[]secret](page.SecretList)
		if err != nil {
			return out, err
		}
		out = append(out, part...)
	}
	return out, nil
}

// readTaskDefinitions lists the active task definitions and describes each,
// workers at a time.
func readTaskDefinitions(ctx context.Context, api ecsAPI, workers int, at string, d *diags) []taskDefinitionOutput {
	var arns []string
	p := ecs.NewListTaskDefinitionsPaginator(api, &ecs.ListTaskDefinitionsInput{Status: ecstypes.TaskDefinitionStatusActive})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			d.add(at, "ecs:ListTaskDefinitions", err)
			return nil
		}
		arns = append(arns, page.TaskDefinitionArns...)
	}
	out := make([]*taskDefinitionOutput, len(arns))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, a := range arns {
		g.Go(func() error {
			res, err := api.DescribeTaskDefinition(gctx, &ecs.DescribeTaskDefinitionInput{
				TaskDefinition: awssdk.String(a), Include: []ecstypes.TaskDefinitionField{ecstypes.TaskDefinitionFieldTags}})
			if err != nil {
				if gctx.Err() == nil {
					d.add(at, "ecs:DescribeTaskDefinition", err)
				}
				return nil
			}
			td, err := convert[taskDefinitionOutput](struct{ TaskDefinition, Tags any }{res.TaskDefinition, res.Tags})
			if err != nil || td.TaskDefinition == nil {
				d.add(at, "ecs:DescribeTaskDefinition", errUnexpected)
				return nil
			}
			out[i] = &td
			return nil
		})
	}
	_ = g.Wait()
	return compact(out)
}

// readSchedules lists schedules in every group and gets each, which is
// where the target and its role are.
func readSchedules(ctx context.Context, api schedulerAPI, workers int, at string, d *diags) []schedule {
	type ref struct{ name, group string }
	var refs []ref
	p := scheduler.NewListSchedulesPaginator(api, &scheduler.ListSchedulesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			d.add(at, "scheduler:ListSchedules", err)
			return nil
		}
		for _, s := range page.Schedules {
			refs = append(refs, ref{awssdk.ToString(s.Name), awssdk.ToString(s.GroupName)})
		}
	}
	out := make([]*schedule, len(refs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, r := range refs {
		g.Go(func() error {
			in := &scheduler.GetScheduleInput{Name: awssdk.String(r.name)}
			if r.group != "" {
				in.GroupName = awssdk.String(r.group)
			}
			res, err := api.GetSchedule(gctx, in)
			if err != nil {
				if gctx.Err() == nil {
					d.add(at, "scheduler:GetSchedule", err)
				}
				return nil
			}
			s, err := convert[schedule](res)
			if err != nil {
				d.add(at, "scheduler:GetSchedule", errUnexpected)
				return nil
			}
			out[i] = &s
			return nil
		})
	}
	_ = g.Wait()
	return compact(out)
}

func compact[T any](ps []*T) []T {
	out := make([]T, 0, len(ps))
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}
