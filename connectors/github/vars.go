package github

import (
	"context"
	"encoding/json"
	"strings"

	gh "github.com/google/go-github/v84/github"
)

// variable is an Actions variable. Its value is decoded leniently: GitHub
// returns a string, but its documented examples also show booleans.
type variable struct {
	Name       string          `json:"name"`
	Value      json.RawMessage `json:"value"`
	Visibility string          `json:"visibility"`
}

func (v variable) value() string {
	var s string
	if json.Unmarshal(v.Value, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(v.Value))
}

// variables lists the Actions variables at url (relative to the API root),
// page by page.
func (s *scanner) variables(ctx context.Context, url string) ([]variable, error) {
	var out []variable
	opt := gh.ListOptions{PerPage: 30} // GitHub's maximum for variables
	for {
		u, err := addPage(url, opt)
		if err != nil {
			return out, err
		}
		req, err := s.c.NewRequest("GET", u, nil)
		if err != nil {
			return out, err
		}
		var page struct {
			Variables []variable `json:"variables"`
		}
		resp, err := s.c.Do(ctx, req, &page)
		if err != nil {
			return out, err
		}
		out = append(out, page.Variables...)
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

func addPage(url string, opt gh.ListOptions) (string, error) {
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	u := url + sep + "per_page=" + itoa(opt.PerPage)
	if opt.Page > 0 {
		u += "&page=" + itoa(opt.Page)
	}
	return u, nil
}

func itoa(n int) string { return i64(int64(n)) }
