package github

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v84/github"

	"github.com/convene-dev/convene/graph"
)

// failed records a request that could not be answered as a diagnostic on
// the organisation or repository, saying which permission it needs; the
// scan goes on.
func (s *scanner) failed(owner, repo, what, permission string, err error) {
	where := s.host + "/" + owner
	if repo != "" {
		where += "/" + repo
	}
	var (
		er  *gh.ErrorResponse
		rl  *gh.RateLimitError
		arl *gh.AbuseRateLimitError
		msg string
		sev = graph.Warning
	)
	switch {
	case errors.As(err, &rl), errors.As(err, &arl):
		msg = fmt.Sprintf("cannot %s: rate limited past github.max_rate_wait; raise it or scan fewer repositories", what)
		sev = graph.Error
	case errors.Is(err, ErrBudget):
		msg = fmt.Sprintf("cannot %s: the request budget is spent; raise github.request_budget", what)
		sev = graph.Error
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound:
		msg = fmt.Sprintf("cannot %s: 404 (missing, or not visible to the token); give the token %s on it", what, permission)
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusForbidden:
		msg = fmt.Sprintf("cannot %s: 403 %s; give the token %s", what, er.Message, permission)
	default:
		msg = fmt.Sprintf("cannot %s: %v", what, err)
		sev = graph.Error
	}
	s.b.Diagnose(graph.Diagnostic{Connector: Name, File: where, Severity: sev, Message: msg})
}

// secretAttrs describes a secret: scope, visibility and dates. GitHub
// returns no value, and convene asks for none.
func secretAttrs(sec *gh.Secret, scope string) map[string]string {
	a := map[string]string{"scope": scope, "source": "github-api", "created_at": ts(&sec.CreatedAt), "updated_at": ts(&sec.UpdatedAt)}
	if sec.Visibility != "" {
		a["visibility"] = sec.Visibility
	}
	return a
}

func ts(t *gh.Timestamp) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }

// reviewerID names an environment's required reviewer as CODEOWNERS names
// it, so the two meet: github-team:ORG/SLUG or github-user:LOGIN.
func reviewerID(org string, rv *gh.RequiredReviewer) (id, typ string) {
	switch r := rv.Reviewer.(type) {
	case *gh.Team:
		return "github-team:" + strings.ToLower(org+"/"+r.GetSlug()), "team"
	case *gh.User:
		return "github-user:" + strings.ToLower(r.GetLogin()), "person"
	}
	return "", ""
}

// permissionList spells an installation's permissions as name:level,
// sorted.
func permissionList(p *gh.InstallationPermissions) string {
	data, err := json.Marshal(p)
	if err != nil {
		return ""
	}
	var m map[string]string
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	var out []string
	for k, v := range m {
		out = append(out, k+":"+v)
	}
	if len(out) == 0 {
		return ""
	}
	slices.Sort(out)
	return graph.EncodeList(out)
}
