// Package github reads GitHub organisations live through the REST API
// (google/go-github): their repositories' workflows, local actions,
// CODEOWNERS and catalog files at the default branch, handed to the file
// connectors under virtual paths <host>/<org>/<repo>/<path> so that a file
// read live and the same file read from a checkout give the same node IDs;
// and what only GitHub holds: secrets (names and dates, never values),
// Actions variables, environments with their reviewers and branch
// policies, the OIDC subject-claim customisation, deploy keys, App
// installations and the fine-grained tokens approved for the organisation.
// docs/github.md is the reference.
package github

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "github"

// FileRoute hands fetched files to the file connectors that read them.
type FileRoute = func(ctx context.Context, files srcfs.Map, b *graph.Builder) error

// Connector reads GitHub organisations live.
type Connector struct {
	cfg   config.GitHub
	route FileRoute
	cache Cache
	// sleep and now are replaced by tests so that rate limits cost no time.
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
	last  Stats
}

// processCache keeps ETags for the process's life when no cache_dir is
// set: `convene serve` builds its connectors afresh for every scheduled
// scan, and each rescan still revalidates. Keys are full URLs, so servers
// never mix.
var processCache = NewMemoryCache()

// New returns the GitHub connector; route reads the fetched files (see
// connectors.RouteFS). cfg's cache_dir, when set, keeps ETags across
// processes; otherwise they last as long as the process.
func New(cfg *config.Config, route FileRoute) *Connector {
	c := &Connector{cfg: cfg.GitHub, route: route, sleep: sleepCtx, now: time.Now, cache: processCache}
	if cfg.GitHub.CacheDir != "" {
		c.cache = DiskCache{Dir: cfg.GitHub.CacheDir}
	}
	return c
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "GitHub organisations live (off unless github.enabled): workflows, local actions, CODEOWNERS and catalog files at each repository's default branch; secrets (names and dates, never values), Actions variables, environments with reviewers and branch policies, OIDC subject customisation, deploy keys, App installations, approved fine-grained tokens",
		"network access to the GitHub API and a read-only token (GITHUB_TOKEN/GH_TOKEN) or GitHub App; fine-grained permissions, all read-only: Contents, Metadata, Secrets, Variables, Environments, Administration (deploy keys, OIDC); organisation: Secrets, Variables, Administration (installations, OIDC); see docs/github.md"
}

// Stats reports what the last Discover's requests cost.
func (c *Connector) Stats() Stats { return c.last }

// Configured reports whether the live path is set up (connectors.Switchable).
func (c *Connector) Configured() bool { return c.cfg.Live() }

// Discover reads the configured organisations. files is ignored: the
// github connector claims no file on disk.
func (c *Connector) Discover(ctx context.Context, _ []string, b *graph.Builder) error {
	if !c.cfg.Live() {
		return nil
	}
	maxWait := c.cfg.MaxRateWait
	if maxWait <= 0 {
		maxWait = 15 * time.Minute
	}
	t := &transport{base: defaultTransport(), cache: c.cache, budget: int64(c.cfg.RequestBudget),
		maxWait: maxWait, sleep: c.sleep, now: c.now}
	defer func() { c.last = t.stats() }()
	client, err := newClient(ctx, c.cfg, t)
	if err != nil {
		return err
	}
	s := newScanner(client, c.cfg, b, zerolog.Ctx(ctx))
	if err := s.run(ctx); err != nil {
		return err
	}
	if c.route != nil && len(s.files) > 0 {
		if err := c.route(ctx, s.files, b); err != nil {
			return err
		}
	}
	s.resolveSecrets()
	st := t.stats()
	zerolog.Ctx(ctx).Info().Int("repositories", len(s.repos)).Int("files", len(s.files)).
		Int64("requests", st.Sent).Int64("revalidated", st.Revalidated).Int64("rate_waits", st.RateWaits).Int64("reused", st.Reused).Msg("github read")
	return nil
}

// LiveSettings names the connector's convene.yaml settings and the
// read-only permissions its token needs (`convene connectors --format json`).
func (*Connector) LiveSettings() (settings, permissions []string) {
	return []string{"github.enabled", "github.api_url", "github.host", "github.organizations", "github.repositories",
			"github.token_env", "github.app.id", "github.app.installation_id", "github.app.private_key_file", "github.app.private_key_env",
			"github.request_budget", "github.max_rate_wait", "github.cache_dir", "github.concurrency"},
		[]string{"repository: Metadata read", "repository: Contents read", "repository: Secrets read", "repository: Variables read",
			"repository: Environments read", "repository: Administration read (deploy keys, OIDC subject template)",
			"organization: Secrets read", "organization: Variables read", "organization: Administration read (App installations, OIDC subject template)", "organization: Personal access tokens read (optional)",
			"classic token alternative: repo, read:org (admin:org for installations)"}
}
