package config

import (
	"fmt"
	"regexp"
)

// AWS configures the aws connector's live path. Offline exports met in a
// scan are read whatever this says; the live path runs only when Enabled
// is true or Accounts or Regions are listed, so that a scan never reaches
// AWS by surprise.
type AWS struct {
	Enabled bool `yaml:"enabled"`
	// Accounts are reached by assuming RoleName in each (with ExternalID
	// when set); empty means the account of the default credentials.
	Accounts []AWSAccount `yaml:"accounts"`
	// Regions are read for the regional services (Lambda, Secrets Manager,
	// ECS, Scheduler); empty means the region of the default configuration.
	Regions []string `yaml:"regions"`
	// MaxAttempts bounds the SDK's retries of throttled or failed calls;
	// 0 means DefaultAWSMaxAttempts.
	MaxAttempts int `yaml:"max_attempts"`
	// Concurrency bounds the calls in flight per account; 0 means
	// DefaultAWSConcurrency.
	Concurrency int `yaml:"concurrency"`
	// Organization lists the member accounts of the AWS Organization the
	// default credentials can read, and reads each as an Accounts entry.
	Organization AWSOrganization `yaml:"organization"`
}

// AWSOrganization configures the discovery of accounts through AWS
// Organizations; on when RoleName is set.
type AWSOrganization struct {
	// RoleName is the role assumed in every member account, with
	// ExternalID when set.
	RoleName   string `yaml:"role_name"`
	ExternalID string `yaml:"external_id"`
	// Concurrency bounds the accounts read at once; 0 means
	// DefaultAWSOrgConcurrency.
	Concurrency int `yaml:"concurrency"`
}

// DefaultAWSOrgConcurrency is the accounts read at once when
// organization.concurrency is 0.
const DefaultAWSOrgConcurrency = 4

// Enabled reports whether accounts are discovered through Organizations.
func (o AWSOrganization) Enabled() bool { return o.RoleName != "" }

// Workers is Concurrency with its default applied.
func (o AWSOrganization) Workers() int {
	if o.Concurrency == 0 {
		return DefaultAWSOrgConcurrency
	}
	return o.Concurrency
}

// The defaults that a zero MaxAttempts or Concurrency stands for.
const (
	DefaultAWSMaxAttempts = 8
	DefaultAWSConcurrency = 8
)

// Attempts is MaxAttempts with its default applied.
func (a AWS) Attempts() int {
	if a.MaxAttempts == 0 {
		return DefaultAWSMaxAttempts
	}
	return a.MaxAttempts
}

// Workers is Concurrency with its default applied.
func (a AWS) Workers() int {
	if a.Concurrency == 0 {
		return DefaultAWSConcurrency
	}
	return a.Concurrency
}

// AWSAccount is one account the live path reads.
type AWSAccount struct {
	ID         string `yaml:"id"`
	RoleName   string `yaml:"role_name"`
	ExternalID string `yaml:"external_id"`
}

// Live reports whether the configuration asks for the live path.
func (a AWS) Live() bool {
	return a.Enabled || len(a.Accounts) > 0 || len(a.Regions) > 0 || a.Organization.Enabled()
}

var (
	awsAccountID = regexp.MustCompile(`^\d{12}$`)
	awsRegion    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	awsRoleName  = regexp.MustCompile(`^[\w+=,.@/-]{1,64}$`)
)

func (a AWS) validate(c *Config) []error {
	var errs []error
	if a.MaxAttempts < 0 || a.MaxAttempts > 20 {
		errs = append(errs, c.Errorf("aws.max_attempts", "max_attempts must be between 1 and 20 (0 for the default), not %d", a.MaxAttempts))
	}
	if a.Concurrency < 0 || a.Concurrency > 64 {
		errs = append(errs, c.Errorf("aws.concurrency", "concurrency must be between 1 and 64 (0 for the default), not %d", a.Concurrency))
	}
	if o := a.Organization; o.RoleName != "" && !awsRoleName.MatchString(o.RoleName) {
		errs = append(errs, c.Errorf("aws.organization.role_name", "role_name %q is not an IAM role name", o.RoleName))
	} else if o.ExternalID != "" && o.RoleName == "" {
		errs = append(errs, c.Errorf("aws.organization.external_id", "external_id needs role_name: it is sent when assuming that role in each account"))
	}
	if o := a.Organization; o.Concurrency < 0 || o.Concurrency > 32 {
		errs = append(errs, c.Errorf("aws.organization.concurrency", "concurrency must be between 1 and 32 (0 for the default), not %d", o.Concurrency))
	}
	for i, r := range a.Regions {
		if !awsRegion.MatchString(r) {
			errs = append(errs, c.Errorf(fmt.Sprintf("aws.regions.%d", i), "region %q is not an AWS region name such as eu-west-1", r))
		}
	}
	seen := map[string]bool{}
	for i, acct := range a.Accounts {
		key := fmt.Sprintf("aws.accounts.%d", i)
		switch {
		case !awsAccountID.MatchString(acct.ID):
			errs = append(errs, c.Errorf(key+".id", "account id %q must be 12 digits", acct.ID))
		case seen[acct.ID]:
			errs = append(errs, c.Errorf(key+".id", "account %s is listed twice", acct.ID))
		}
		seen[acct.ID] = true
		if acct.RoleName != "" && !awsRoleName.MatchString(acct.RoleName) {
			errs = append(errs, c.Errorf(key+".role_name", "role_name %q is not an IAM role name", acct.RoleName))
		}
		if acct.ExternalID != "" && acct.RoleName == "" {
			errs = append(errs, c.Errorf(key+".external_id", "external_id needs role_name: it is sent when assuming that role"))
		}
	}
	return errs
}
