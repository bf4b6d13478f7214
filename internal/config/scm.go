package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
)

// GitHub configures the github connector, which reads organisations live
// through the GitHub REST API. It runs only when enabled is true and an
// organisation or an App installation is named. Secrets never appear here:
// the token comes from the environment variable TokenEnv names (default
// GITHUB_TOKEN, then GH_TOKEN), an App's private key from a file or an
// environment variable.
type GitHub struct {
	Enabled bool `yaml:"enabled"`
	// APIURL is the REST endpoint; empty means https://api.github.com/.
	// GitHub Enterprise Server: https://HOST/api/v3/.
	APIURL string `yaml:"api_url"`
	// Host names the repositories in node IDs (HOST/ORG/REPO); empty means
	// github.com, or the host of APIURL.
	Host string `yaml:"host"`
	// Organizations are read whole: every repository not archived.
	Organizations []string `yaml:"organizations"`
	// Repositories, when listed, narrow the scan to these names
	// (ORG/REPO, or a path.Match pattern such as ORG/payments-*).
	Repositories []string `yaml:"repositories"`
	// TokenEnv names the environment variable holding a token.
	TokenEnv string    `yaml:"token_env"`
	App      GitHubApp `yaml:"app"`
	// RequestBudget caps the requests one scan makes (0: no cap). A scan
	// that reaches it stops reading and says so.
	RequestBudget int `yaml:"request_budget"`
	// MaxRateWait is the longest convene waits for a rate limit to reset
	// before it gives up on a request (0 means 15m).
	MaxRateWait time.Duration `yaml:"max_rate_wait"`
	// CacheDir keeps ETags and bodies between scans, so a rescan revalidates
	// instead of downloading (304 responses do not count against GitHub's
	// rate limit). Empty keeps them in memory for the process's life.
	CacheDir string `yaml:"cache_dir"`
	// Concurrency bounds the repositories read at once (0 means 4).
	Concurrency int `yaml:"concurrency"`
}

// GitHubApp authenticates as a GitHub App installation.
type GitHubApp struct {
	ID             int64 `yaml:"id"`
	InstallationID int64 `yaml:"installation_id"`
	// PrivateKeyFile or PrivateKeyEnv hold the App's PEM private key.
	PrivateKeyFile string `yaml:"private_key_file"`
	PrivateKeyEnv  string `yaml:"private_key_env"`
}

// Live reports whether the github connector reads anything.
func (g GitHub) Live() bool {
	return g.Enabled && (len(g.Organizations) > 0 || g.App.InstallationID != 0)
}

// Token returns the token from the environment, or "".
func (g GitHub) Token() string {
	if g.TokenEnv != "" {
		return os.Getenv(g.TokenEnv)
	}
	if t := os.Getenv("GITHUB_TOKEN"); t != "" {
		return t
	}
	return os.Getenv("GH_TOKEN")
}

func (g GitHub) validate(c *Config) []error {
	var errs []error
	if g.APIURL != "" {
		if u, err := url.Parse(g.APIURL); err != nil || u.Scheme == "" || u.Host == "" {
			errs = append(errs, c.Errorf("github.api_url", "api_url %q is not an absolute URL; GitHub Enterprise Server's is https://HOST/api/v3/", g.APIURL))
		}
	}
	a := g.App
	if (a.ID != 0) != (a.InstallationID != 0) || (a.ID != 0 && a.PrivateKeyFile == "" && a.PrivateKeyEnv == "") {
		errs = append(errs, c.Errorf("github.app", "a GitHub App needs id, installation_id and private_key_file or private_key_env"))
	}
	if g.RequestBudget < 0 {
		errs = append(errs, c.Errorf("github.request_budget", "request_budget must be 0 (no cap) or more"))
	}
	if g.Concurrency < 0 || g.Concurrency > 64 {
		errs = append(errs, c.Errorf("github.concurrency", "concurrency must be between 1 and 64 (0 for the default), not %d", g.Concurrency))
	}
	for i, o := range g.Organizations {
		if o == "" || strings.ContainsAny(o, "/ ") {
			errs = append(errs, c.Errorf(fmt.Sprintf("github.organizations.%d", i), "%q is not an organisation login", o))
		}
	}
	return errs
}

// GitLab configures the gitlab connector, which reads groups live through
// the GitLab REST API. It runs only when enabled is true and a group is
// named. The token comes from the environment variable TokenEnv names
// (default GITLAB_TOKEN), never from this file.
type GitLab struct {
	Enabled bool `yaml:"enabled"`
	// URL is the instance; empty means https://gitlab.com.
	URL string `yaml:"url"`
	// Host names the projects in node IDs (HOST/GROUP/PROJECT); empty
	// means the host of URL.
	Host string `yaml:"host"`
	// Groups are read with their subgroups.
	Groups []string `yaml:"groups"`
	// Instance also reads instance-level CI/CD variables (administrators
	// only).
	Instance bool   `yaml:"instance"`
	TokenEnv string `yaml:"token_env"`
	// Concurrency bounds the projects read at once (0 means 4).
	Concurrency int `yaml:"concurrency"`
}

// Live reports whether the gitlab connector reads anything.
func (g GitLab) Live() bool { return g.Enabled && len(g.Groups) > 0 }

// Token returns the token from the environment, or "".
func (g GitLab) Token() string {
	if g.TokenEnv != "" {
		return os.Getenv(g.TokenEnv)
	}
	return os.Getenv("GITLAB_TOKEN")
}

func (g GitLab) validate(c *Config) []error {
	var errs []error
	if g.URL != "" {
		if u, err := url.Parse(g.URL); err != nil || u.Scheme == "" || u.Host == "" {
			errs = append(errs, c.Errorf("gitlab.url", "url %q is not an absolute URL such as https://gitlab.example.com", g.URL))
		}
	}
	if g.Concurrency < 0 || g.Concurrency > 64 {
		errs = append(errs, c.Errorf("gitlab.concurrency", "concurrency must be between 1 and 64 (0 for the default), not %d", g.Concurrency))
	}
	return errs
}
