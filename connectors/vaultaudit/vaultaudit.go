// Package vaultaudit reads the logs of Vault's file audit device (JSON
// lines, request and response entries; socket or syslog output saved to a
// file reads the same; gzip too) and records what each auth role was
// observed to read and log in as, aggregated: first and last seen, count,
// remote addresses. Secret values are never read: the entries are decoded
// into structs that have no field for request or response data, and HMAC'd
// fields stay HMAC'd. docs/observed.md is the reference.
package vaultaudit

import (
	"context"
	"regexp"
	"time"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "vault-audit"

// Connector reads Vault audit logs.
type Connector struct {
	observed config.Observed
}

// New returns the vault-audit connector; cfg (nil for the defaults) bounds
// which entries count.
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
	return "Vault audit logs (file audit device, JSON lines, .gz too): who read which secret and logged in as which auth role, from where and when; never request or response data",
		"read access to the log files"
}

// entryHead recognises an audit entry: a type of request or response next
// to a request object. The keys' order differs between Vault versions.
var (
	typeKey    = regexp.MustCompile(`"type"\s*:\s*"(request|response)"`)
	requestKey = regexp.MustCompile(`"request"\s*:\s*\{`)
	timeKey    = regexp.MustCompile(`"time"\s*:\s*"`)
)

// Claims takes files whose first bytes are Vault audit entries, whatever
// their name.
func (*Connector) Claims(path string, head []byte) bool {
	return len(head) > 0 && typeKey.Match(head) && requestKey.Match(head) && timeKey.Match(head)
}

// Discover reads every file routed to it; unreadable files and bad lines
// are diagnostics. It returns an error only when ctx is done.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	since := c.observed.Cutoff()
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		s := newScanner(since)
		if err := s.file(ctx, p, b); err != nil {
			return err
		}
		s.emit(b, p)
	}
	return nil
}

// scanner aggregates one file.
type scanner struct {
	resp, req *observe.Aggregator
	// denied are uses whose responses were errors: their requests are not
	// counted either.
	denied map[observe.Key]bool
	// mounts maps method|role to the auth mount a login was seen on.
	mounts map[string]string
	// bad counts lines that were not entries; the first few are
	// diagnostics.
	bad int
}

func newScanner(since time.Time) *scanner {
	return &scanner{resp: observe.NewAggregator(since), req: observe.NewAggregator(since),
		denied: make(map[observe.Key]bool), mounts: make(map[string]string)}
}

func (s *scanner) emit(b *graph.Builder, p string) {
	s.resp.Fill(s.req, func(k observe.Key) bool { return !s.denied[k] })
	s.resp.Emit(b, Name, p)
}
