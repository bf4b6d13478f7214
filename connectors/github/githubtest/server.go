// Package githubtest is a local server speaking the GitHub REST API's
// documented wire format, for tests of the github connector with the real
// go-github client: Link-header pagination, ETags and 304s, primary and
// secondary rate limits, and 403/404 for chosen paths. Responses are
// registered per path; repositories' trees and blobs are built from files.
package githubtest

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/convene-dev/convene/connectors/internal/testserver"
)

// Prefix is where the API is served, as GitHub Enterprise Server serves it;
// the client's api_url is URL + Prefix.
const Prefix = "/api/v3"

// Server is the fake GitHub API.
type Server struct {
	*httptest.Server
	// MaxPerPage caps a page's items, as GitHub caps per_page at 100; tests
	// set it low to page through short lists.
	MaxPerPage int

	mu       sync.Mutex
	bodies   map[string]string // path -> JSON
	lists    map[string][]any  // path -> items, paginated
	raw      map[string][]byte // path -> raw blob
	denied   map[string]int    // path prefix -> status
	limit    map[string]string // path -> "primary" or "secondary", once
	requests testserver.Requests
	auth     map[string]bool // "METHOD Authorization" pairs seen
	sent304  int
}

// New starts a server; Close it when done.
func New() *Server {
	s := &Server{bodies: map[string]string{}, lists: map[string][]any{}, raw: map[string][]byte{},
		denied: map[string]int{}, limit: map[string]string{}, auth: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// APIURL is the api_url to configure.
func (s *Server) APIURL() string { return s.URL + Prefix + "/" }

// JSON serves body at path (without Prefix, such as /orgs/o/actions/secrets).
func (s *Server) JSON(path, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies[path] = body
}

// List serves items at path as a JSON array, paginated by per_page and
// page with a Link header, as GitHub's list endpoints do.
func (s *Server) List(path string, items ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists[path] = append(s.lists[path], items...)
}

// Deny answers every path under prefix with status (403 or 404).
func (s *Server) Deny(prefix string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denied[prefix] = status
}

// LimitOnce answers the next request for path with a rate-limit refusal:
// "primary" (403, X-RateLimit-Remaining: 0, reset two seconds on) or
// "secondary" (403 with Retry-After and GitHub's message).
func (s *Server) LimitOnce(path, kind string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit[path] = kind
}

// InstallationToken is the token the server mints for any App
// installation.
const InstallationToken = "ghs_fakeinstallationtoken"

// Auth lists the distinct "METHOD Authorization" pairs the server saw.
func (s *Server) Auth() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.auth))
	for a := range s.auth {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// Requests counts the requests for path ("" for all of them).
func (s *Server) Requests(path string) int { return s.requests.Count(path) }

// NotModified counts the 304s sent.
func (s *Server) NotModified() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent304
}

// Repo serves a repository of org: its entry in /orgs/ORG/repos, its tree
// at the default branch main and a blob per file.
func (s *Server) Repo(org, name string, id int64, files map[string][]byte) {
	s.List("/orgs/"+org+"/repos", map[string]any{"id": id, "name": name, "full_name": org + "/" + name,
		"owner": map[string]any{"login": org, "type": "Organization"}, "private": true, "visibility": "private",
		"default_branch": "main", "archived": false})
	var entries []map[string]any
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		sum := sha1.Sum(append([]byte(fmt.Sprintf("blob %d\x00", len(files[p]))), files[p]...))
		sha := hex.EncodeToString(sum[:])
		entries = append(entries, map[string]any{"path": p, "mode": "100644", "type": "blob", "sha": sha, "size": len(files[p])})
		s.mu.Lock()
		s.raw["/repos/"+org+"/"+name+"/git/blobs/"+sha] = files[p]
		s.mu.Unlock()
	}
	tree, _ := json.Marshal(map[string]any{"sha": "0000000000000000000000000000000000000001", "tree": entries, "truncated": false})
	s.JSON("/repos/"+org+"/"+name+"/git/trees/main", string(tree))
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	s.requests.Add(path)
	s.auth[r.Method+" "+r.Header.Get("Authorization")] = true
	kind := s.limit[path]
	delete(s.limit, path)
	status := 0
	for prefix, st := range s.denied {
		if strings.HasPrefix(path, prefix) {
			status = st
		}
	}
	body, hasBody := s.bodies[path]
	items, hasList := s.lists[path]
	raw, hasRaw := s.raw[path]
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	switch {
	case kind == "primary":
		w.Header().Set("X-RateLimit-Limit", "5000")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(2*time.Second).Unix(), 10))
		writeErr(w, http.StatusForbidden, "API rate limit exceeded for installation ID 1.")
		return
	case kind == "secondary":
		w.Header().Set("Retry-After", "30")
		writeErr(w, http.StatusForbidden, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.")
		return
	case status == http.StatusForbidden:
		writeErr(w, status, "Resource not accessible by personal access token")
		return
	case status != 0:
		writeErr(w, status, "Not Found")
		return
	case r.Method == http.MethodPost && strings.HasPrefix(path, "/app/installations/") && strings.HasSuffix(path, "/access_tokens"):
		// An App's installation token, as GitHub mints it.
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"token":%q,"expires_at":%q}`, InstallationToken, time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
		return
	case r.Method != http.MethodGet:
		writeErr(w, http.StatusNotFound, "Not Found")
		return
	case hasRaw:
		s.write(w, r, raw)
	case hasBody:
		s.write(w, r, []byte(body))
	case hasList:
		s.page(w, r, path, items)
	default:
		writeErr(w, http.StatusNotFound, "Not Found")
	}
}

// page writes one page of items with GitHub's Link header.
func (s *Server) page(w http.ResponseWriter, r *http.Request, path string, items []any) {
	p, items := testserver.Paginate(r.URL.Query(), items, 30, s.MaxPerPage)
	link := func(n int, rel string) string {
		return fmt.Sprintf(`<%s%s%s?per_page=%d&page=%d>; rel="%s"`, s.URL, Prefix, path, p.Per, n, rel)
	}
	var links []string
	if p.Number < p.Last {
		links = append(links, link(p.Number+1, "next"), link(p.Last, "last"))
	}
	if p.Number > 1 {
		links = append(links, link(1, "first"), link(p.Number-1, "prev"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	data, _ := json.Marshal(items)
	s.write(w, r, data)
}

// write sends body with a strong ETag, or 304 when the client has it.
func (s *Server) write(w http.ResponseWriter, r *http.Request, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("X-RateLimit-Remaining", "4999")
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.sent304++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(body)
}

func writeErr(w http.ResponseWriter, status int, msg string) {
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}
