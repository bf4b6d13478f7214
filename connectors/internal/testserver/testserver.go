// Package testserver holds what the connectors' fake API servers
// (connectors/github/githubtest, connectors/gitlab/gitlabtest) share: the
// paging of a list endpoint by its per_page and page query parameters,
// which GitHub and GitLab do alike and announce in their own headers, and
// the count of requests per path that tests assert on.
package testserver

import (
	"net/url"
	"strconv"
)

// Page is one page of a list, as a list endpoint serves it.
type Page struct {
	// Number is the page asked for, 1-based; Per the items per page.
	Number, Per int
	// Last is the number of the last page: 1 for an empty list.
	Last int
}

// Paginate returns the page of items that q asks for, and the page's
// numbers. per_page defaults to def and is capped by limit when limit > 0,
// as the platforms cap it (at 100); a page below 1 is page 1, and a page
// past the end is empty.
func Paginate[T any](q url.Values, items []T, def, limit int) (Page, []T) {
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per <= 0 {
		per = def
	}
	if limit > 0 {
		per = min(per, limit)
	}
	n, _ := strconv.Atoi(q.Get("page"))
	p := Page{Number: max(n, 1), Per: per, Last: max((len(items)+per-1)/per, 1)}
	lo, hi := min((p.Number-1)*per, len(items)), min(p.Number*per, len(items))
	return p, items[lo:hi]
}
