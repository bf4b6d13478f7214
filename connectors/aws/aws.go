// Package aws reads the IAM picture of AWS accounts and the workloads that
// consume it, from exported files (offline) or from live accounts.
//
// IAM: users, groups and membership, roles (trust policies become assumes
// edges from every principal they name, with the trust conditions on the
// edge), managed and inline policies (has_policy; grants to the secrets and
// parameters their Allow statements cover), instance profiles, permission
// boundaries, access keys and the credential report. Consumers: Lambda
// functions (execution role; environment variables naming secret or
// parameter ARNs), ECS task definitions (task and execution roles;
// container secrets), EventBridge Scheduler schedules (target and role) and
// Secrets Manager secrets (rotation and its Lambda).
//
// Both paths fill one inventory of AWS's documented JSON shapes, and one
// emitter turns it into the graph, so a file and an API call of the same
// thing give the same nodes. No secret value is ever read: Secrets Manager
// is listed, never GetSecretValue; of a Lambda's environment only variable
// names and the secret or parameter ARNs they hold are kept.
package aws

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/jsonpos"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "aws"

// Connector reads AWS exports and, when configured, live accounts.
type Connector struct {
	cfg config.AWS
	// newClients builds the API clients of one account and region; tests
	// point it at a local server.
	newClients clientFactory
}

// New returns the aws connector configured by cfg (nil for the defaults:
// offline only).
func New(cfg *config.Config) *Connector {
	c := &Connector{}
	if cfg != nil {
		c.cfg = cfg.AWS
	}
	c.newClients = sdkClients(c.cfg)
	return c
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (c *Connector) About() (reads, needs string) {
	reads = "AWS exports (*.json, *.csv, recognised by content): iam get-account-authorization-details, " +
		"list-access-keys, the credential report, lambda list-functions, secretsmanager list-secrets and " +
		"describe-secret, ecs describe-task-definition, scheduler get-schedule, acm describe-certificate and " +
		"list-certificates, iam list-server-certificates, also as cloud-custodian " +
		"placebo recordings; and, when aws.enabled or aws.accounts/regions are set, the same APIs live; " +
		"with aws.organization.role_name, every active account of the AWS Organization (OU path and tags), read concurrently"
	needs = "read access to the files; for the live path, AWS credentials from the default chain " +
		"(and sts:AssumeRole into each listed account; for aws.organization, organizations:ListAccounts, ListParents, " +
		"DescribeOrganizationalUnit and ListTagsForResource) allowed this read-only policy: " + compactPolicy()
	return reads, needs
}

// compactPolicy is ReadOnlyPolicy on one line, for listings.
func compactPolicy() string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(ReadOnlyPolicy)); err != nil {
		return ReadOnlyPolicy
	}
	return b.String()
}

// ReadsExports marks the files it reads as structured exports, which a
// scan reads up to scan.max_export_size.
func (*Connector) ReadsExports() bool { return true }

// Claims takes .json and .csv files whose first bytes have the shape of an
// export this connector reads; names are not trusted, as exports are saved
// under any name.
func (*Connector) Claims(path string, head []byte) bool {
	return claimable(path, head)
}

// Discover reads the files routed to it and, when configured, the live
// accounts, then writes everything as one graph so references across files
// (a Lambda in one, the secret it reads in another) meet.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	e := newEmitter(b)
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		inv, err := readFile(p)
		if err != nil {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Line: jsonErrorLine(err), Severity: graph.Error,
				Message: fmt.Sprintf("%v; file skipped (export it again with the aws CLI's --output json)", err)})
			continue
		}
		e.emit(inv)
	}
	if c.cfg.Live() {
		if err := c.discoverLive(ctx, e); err != nil {
			e.finish()
			return err
		}
	}
	e.finish()
	return nil
}

// accountFolder finds a 12-digit account ID among a path's folders.
var accountFolder = regexp.MustCompile(`(?:^|/)(\d{12})/`)

func readFile(p string) (*inventory, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		if u := errors.Unwrap(err); u != nil {
			err = u
		}
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	src := &source{name: p, lines: indexLines(data)}
	if m := accountFolder.FindStringSubmatch(strings.ReplaceAll(p, "\\", "/")); m != nil {
		src.account = m[1]
	}
	inv := &inventory{}
	if err := parseFile(data, src, inv); err != nil {
		return nil, &parseError{err: err, data: data}
	}
	return inv, nil
}

// parseError carries the file's bytes so the diagnostic can name the line
// of a JSON syntax or type error.
type parseError struct {
	err  error
	data []byte
}

func (e *parseError) Error() string { return e.err.Error() }
func (e *parseError) Unwrap() error { return e.err }

// jsonErrorLine is the line of a JSON syntax or type error, or 0.
func jsonErrorLine(err error) int {
	var pe *parseError
	if !errors.As(err, &pe) {
		return 0
	}
	return jsonpos.Line(pe.data, err)
}
