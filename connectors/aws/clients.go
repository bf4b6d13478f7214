package aws

import (
	"context"
	"fmt"
	"sync"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/convene-dev/convene/internal/config"
)

// The narrow interfaces below are all convene calls: each is satisfied by
// the SDK client, and by a fake in a unit test. None of them can read a
// secret value.

type authzAPI interface {
	GetAccountAuthorizationDetails(context.Context, *iam.GetAccountAuthorizationDetailsInput, ...func(*iam.Options)) (*iam.GetAccountAuthorizationDetailsOutput, error)
}

type accessKeysAPI interface {
	ListAccessKeys(context.Context, *iam.ListAccessKeysInput, ...func(*iam.Options)) (*iam.ListAccessKeysOutput, error)
	GetAccessKeyLastUsed(context.Context, *iam.GetAccessKeyLastUsedInput, ...func(*iam.Options)) (*iam.GetAccessKeyLastUsedOutput, error)
}

type callerAPI interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

type secretsAPI interface {
	ListSecrets(context.Context, *secretsmanager.ListSecretsInput, ...func(*secretsmanager.Options)) (*secretsmanager.ListSecretsOutput, error)
}

type lambdaAPI interface {
	ListFunctions(context.Context, *lambda.ListFunctionsInput, ...func(*lambda.Options)) (*lambda.ListFunctionsOutput, error)
}

type ecsAPI interface {
	ListTaskDefinitions(context.Context, *ecs.ListTaskDefinitionsInput, ...func(*ecs.Options)) (*ecs.ListTaskDefinitionsOutput, error)
	DescribeTaskDefinition(context.Context, *ecs.DescribeTaskDefinitionInput, ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error)
}

type schedulerAPI interface {
	ListSchedules(context.Context, *scheduler.ListSchedulesInput, ...func(*scheduler.Options)) (*scheduler.ListSchedulesOutput, error)
	GetSchedule(context.Context, *scheduler.GetScheduleInput, ...func(*scheduler.Options)) (*scheduler.GetScheduleOutput, error)
}

// orgAPI lists an AWS Organization's accounts, their parents and tags.
type orgAPI interface {
	ListAccounts(context.Context, *organizations.ListAccountsInput, ...func(*organizations.Options)) (*organizations.ListAccountsOutput, error)
	ListParents(context.Context, *organizations.ListParentsInput, ...func(*organizations.Options)) (*organizations.ListParentsOutput, error)
	DescribeOrganizationalUnit(context.Context, *organizations.DescribeOrganizationalUnitInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationalUnitOutput, error)
	ListTagsForResource(context.Context, *organizations.ListTagsForResourceInput, ...func(*organizations.Options)) (*organizations.ListTagsForResourceOutput, error)
}

// clients are the API clients of one account in one region.
type clients struct {
	authz     authzAPI
	keys      accessKeysAPI
	caller    callerAPI
	secrets   secretsAPI
	lambda    lambdaAPI
	ecs       ecsAPI
	scheduler schedulerAPI
	acm       acmAPI
	org       orgAPI
}

// clientFactory returns the clients for an account (ID "" for the default
// credentials' own) in a region ("" for the configured default).
type clientFactory func(ctx context.Context, acct config.AWSAccount, region string) (*clients, error)

// sdkOptions change how SDK clients are built; tests set them to reach a
// local server with static credentials.
type sdkOptions struct {
	endpoint    string
	credentials awssdk.CredentialsProvider
	// noBackoff retries at once, so tests of throttling do not sleep.
	noBackoff bool
	// httpTimeout bounds each HTTP request, stalled ones included; 0 means
	// defaultHTTPTimeout.
	httpTimeout time.Duration
}

// defaultHTTPTimeout bounds one AWS request: a stalled connection fails
// (and is retried) instead of holding the scan forever.
const defaultHTTPTimeout = 60 * time.Second

// sdkClients builds real SDK clients: the default credential chain, the
// standard retryer with cfg's attempts, and AssumeRole into each listed
// account. The base configuration is loaded once.
func sdkClients(cfg config.AWS, opts ...sdkOptions) clientFactory {
	var o sdkOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	var (
		once    sync.Once
		base    awssdk.Config
		baseErr error
		mu      sync.Mutex
		creds   = map[string]awssdk.CredentialsProvider{}
	)
	return func(ctx context.Context, acct config.AWSAccount, region string) (*clients, error) {
		once.Do(func() {
			lo := []func(*awsconfig.LoadOptions) error{
				awsconfig.WithRetryer(func() awssdk.Retryer {
					return retry.NewStandard(func(so *retry.StandardOptions) {
						so.MaxAttempts = cfg.Attempts()
						if o.noBackoff {
							so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
						}
					})
				}),
			}
			timeout := o.httpTimeout
			if timeout == 0 {
				timeout = defaultHTTPTimeout
			}
			lo = append(lo, awsconfig.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(timeout)))
			if o.credentials != nil {
				lo = append(lo, awsconfig.WithCredentialsProvider(o.credentials))
			}
			base, baseErr = awsconfig.LoadDefaultConfig(ctx, lo...)
		})
		if baseErr != nil {
			return nil, fmt.Errorf("load AWS configuration: %w", baseErr)
		}
		ac := base.Copy()
		if region != "" {
			ac.Region = region
		}
		if ac.Region == "" {
			ac.Region = "us-east-1"
		}
		if o.endpoint != "" {
			ac.BaseEndpoint = awssdk.String(o.endpoint)
		}
		if acct.RoleName != "" {
			mu.Lock()
			p, ok := creds[acct.ID]
			if !ok {
				role := fmt.Sprintf("arn:aws:iam::%s:role/%s", acct.ID, acct.RoleName)
				stsc := sts.NewFromConfig(ac)
				p = awssdk.NewCredentialsCache(stscreds.NewAssumeRoleProvider(stsc, role, func(ao *stscreds.AssumeRoleOptions) {
					ao.RoleSessionName = "convene-scan"
					if acct.ExternalID != "" {
						ao.ExternalID = awssdk.String(acct.ExternalID)
					}
				}))
				creds[acct.ID] = p
			}
			mu.Unlock()
			ac.Credentials = p
		}
		iamc := iam.NewFromConfig(ac)
		return &clients{
			authz: iamc, keys: iamc, caller: sts.NewFromConfig(ac),
			secrets: secretsmanager.NewFromConfig(ac), lambda: lambda.NewFromConfig(ac),
			ecs: ecs.NewFromConfig(ac), scheduler: scheduler.NewFromConfig(ac), acm: acm.NewFromConfig(ac),
			org: organizations.NewFromConfig(ac),
		}, nil
	}
}
