// Package cloudtrail reads CloudTrail log files as delivered to S3
// ({"Records": [...]}, .json.gz included), bare arrays of records and
// single records, and records what each principal was observed to do
// with roles, secrets, parameters and long-term access keys, aggregated:
// first and last seen, count, source addresses and user-agent families.
// Response elements, where session credentials live, are never read.
// Digest files are not claimed. docs/observed.md is the reference.
package cloudtrail

import (
	"bytes"
	"context"
	"regexp"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "cloudtrail"

// Connector reads CloudTrail files.
type Connector struct {
	observed config.Observed
}

// New returns the cloudtrail connector; cfg (nil for the defaults) bounds
// which records count.
func New(cfg *config.Config) *Connector {
	c := &Connector{}
	if cfg != nil {
		c.observed = cfg.Observed
	}
	return c
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "CloudTrail log files (S3 delivery {\"Records\":[…]}, .json.gz, bare arrays): role assumptions (incl. web identity and SAML), secret and parameter reads, calls signed with long-term access keys; never response elements",
		"read access to the log files"
}

var (
	recordsHead = regexp.MustCompile(`^\s*\{\s*"Records"\s*:\s*\[`)
	eventName   = regexp.MustCompile(`"eventName"\s*:`)
	eventSource = regexp.MustCompile(`"eventSource"\s*:`)
)

// Claims takes files whose first bytes are CloudTrail records.
func (*Connector) Claims(path string, head []byte) bool {
	if len(head) == 0 {
		return false
	}
	if recordsHead.Match(head) {
		return true
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	return len(t) > 0 && (t[0] == '[' || t[0] == '{') && eventName.Match(head) && eventSource.Match(head) &&
		bytes.Contains(head, []byte(`"userIdentity"`))
}

// Discover reads every file routed to it; unreadable files and bad records
// are diagnostics. It returns an error only when ctx is done.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	since := c.observed.Cutoff()
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		agg := observe.NewAggregator(since)
		if err := readFile(ctx, p, agg, b); err != nil {
			return err
		}
		agg.Emit(b, Name, p)
	}
	return nil
}
