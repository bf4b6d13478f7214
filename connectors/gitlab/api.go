package gitlab

import (
	"context"
	"net/http"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go"
)

// The types below are convene's own shapes of GitLab's JSON: they name only
// the fields convene keeps. variable has no value field, so that the JSON
// decoder skips the value in the response buffer and it never reaches
// memory that outlives the response, however GitLab's client types evolve.

// variable is a CI/CD variable at instance, group or project level.
type variable struct {
	Key              string `json:"key"`
	VariableType     string `json:"variable_type"`
	Protected        bool   `json:"protected"`
	Masked           bool   `json:"masked"`
	Hidden           bool   `json:"hidden"`
	Raw              bool   `json:"raw"`
	EnvironmentScope string `json:"environment_scope"`
	Description      string `json:"description"`
}

// accessToken is a project or group access token (a bot user's token).
type accessToken struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	Scopes      []string   `json:"scopes"`
	AccessLevel int        `json:"access_level"`
	Active      bool       `json:"active"`
	Revoked     bool       `json:"revoked"`
	CreatedAt   *time.Time `json:"created_at"`
	ExpiresAt   *string    `json:"expires_at"`
	LastUsedAt  *time.Time `json:"last_used_at"`
}

// deployToken is a project or group deploy token.
type deployToken struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Username  string   `json:"username"`
	Scopes    []string `json:"scopes"`
	ExpiresAt *string  `json:"expires_at"`
	Revoked   bool     `json:"revoked"`
	Expired   bool     `json:"expired"`
}

// schedule is a pipeline schedule; its variables (values) are not read.
type schedule struct {
	ID           int64      `json:"id"`
	Description  string     `json:"description"`
	Ref          string     `json:"ref"`
	Cron         string     `json:"cron"`
	CronTimezone string     `json:"cron_timezone"`
	NextRunAt    *time.Time `json:"next_run_at"`
	Active       bool       `json:"active"`
	Owner        *struct {
		Username string `json:"username"`
	} `json:"owner"`
}

// list reads every page of a list endpoint into []T, following the
// client's X-Next-Page.
func list[T any](ctx context.Context, c *gl.Client, path string) ([]T, error) {
	var out []T
	opt := gl.ListOptions{PerPage: 100}
	for {
		req, err := c.NewRequest(http.MethodGet, path, &opt, []gl.RequestOptionFunc{gl.WithContext(ctx)})
		if err != nil {
			return out, err
		}
		var page []T
		resp, err := c.Do(req, &page)
		if err != nil {
			return out, err
		}
		out = append(out, page...)
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}
