// Package gitlab reads GitLab groups live through the REST API (GitLab's
// official Go client): the projects of configured groups and their
// subgroups, their .gitlab-ci.yml with its local includes, CODEOWNERS and
// catalog files at the default branch, handed to the file connectors under
// virtual paths <host>/<group path>/<project>/<path> so that a file read
// live and from a checkout give the same IDs; CI/CD variables at instance,
// group and project level (key, masked, protected, environment scope,
// type — never the value, which the API returns and convene never decodes);
// project and group access tokens and deploy tokens; pipeline schedules as
// scheduler workloads. docs/gitlab.md is the reference.
package gitlab

import (
	"context"
	"errors"
	"io"
	"log"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	gl "gitlab.com/gitlab-org/api/client-go"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "gitlab"

// FileRoute hands fetched files to the file connectors that read them.
type FileRoute = func(ctx context.Context, files srcfs.Map, b *graph.Builder) error

// Connector reads GitLab groups live.
type Connector struct {
	cfg   config.GitLab
	route FileRoute
	// backoff replaces the client's wait between retries (tests).
	backoff retryablehttp.Backoff
}

// New returns the GitLab connector; route reads the fetched files (see
// connectors.RouteFS).
func New(cfg *config.Config, route FileRoute) *Connector {
	return &Connector{cfg: cfg.GitLab, route: route}
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "GitLab groups live (off unless gitlab.enabled): .gitlab-ci.yml and local includes, CODEOWNERS and catalog files of every project; CI/CD variables (never values), access and deploy tokens, pipeline schedules",
		"network access to the GitLab API and a token with the read_api scope (GITLAB_TOKEN) of a member with the Maintainer role (variables, tokens, schedules) — or Reporter for files alone; instance variables need an administrator; see docs/gitlab.md"
}

// Configured reports whether the live path is set up (connectors.Switchable).
func (c *Connector) Configured() bool { return c.cfg.Live() }

// Discover reads the configured groups. files is ignored: the gitlab
// connector claims no file on disk.
func (c *Connector) Discover(ctx context.Context, _ []string, b *graph.Builder) error {
	if !c.cfg.Live() {
		return nil
	}
	token := c.cfg.Token()
	if token == "" {
		return errors.New("gitlab: no token: set GITLAB_TOKEN (or the variable gitlab.token_env names); see docs/gitlab.md")
	}
	base := c.cfg.URL
	if base == "" {
		base = "https://gitlab.com"
	}
	opts := []gl.ClientOptionFunc{gl.WithBaseURL(strings.TrimSuffix(base, "/") + "/api/v4"),
		gl.WithCustomLogger(log.New(io.Discard, "", 0)), gl.WithCustomRetryMax(8)}
	if c.backoff != nil {
		opts = append(opts, gl.WithCustomBackoff(c.backoff))
	}
	client, err := gl.NewClient(token, opts...)
	if err != nil {
		return err
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	host := strings.ToLower(u.Hostname())
	if c.cfg.Host != "" {
		host = strings.ToLower(c.cfg.Host)
	}
	s := &scanner{c: client, cfg: c.cfg, host: host, b: b, files: srcfs.Map{}}
	start := time.Now()
	if err := s.run(ctx); err != nil {
		return err
	}
	if c.route != nil && len(s.files) > 0 {
		if err := c.route(ctx, s.files, b); err != nil {
			return err
		}
	}
	s.resolveVariables()
	zerolog.Ctx(ctx).Info().Int("projects", len(s.projects)).Int("files", len(s.files)).
		Dur("took", time.Since(start)).Msg("gitlab read")
	return nil
}

// LiveSettings names the connector's convene.yaml settings and the
// read-only scope its token needs (`convene connectors --format json`).
func (*Connector) LiveSettings() (settings, permissions []string) {
	return []string{"gitlab.enabled", "gitlab.url", "gitlab.host", "gitlab.groups", "gitlab.instance", "gitlab.token_env", "gitlab.concurrency"},
		[]string{"token scope: read_api", "role: Reporter (files), Maintainer (CI/CD variables, deploy tokens, pipeline schedules), Owner (group access tokens)",
			"instance variables: administrator (only with gitlab.instance)"}
}
