// Package gitlabtest is a local server speaking the GitLab REST API's
// documented wire format (v4), for tests of the gitlab connector with
// GitLab's real Go client: offset pagination with X-Page, X-Next-Page,
// X-Total-Pages and Link headers, 429 with RateLimit-Reset, and 403/404 for
// chosen paths. Lists are registered per path; projects' trees and raw
// files are built from files.
package gitlabtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/convene-dev/convene/connectors/internal/testserver"
)

// Prefix is where the API is served; the client's base URL is URL.
const Prefix = "/api/v4"

// Server is the fake GitLab API.
type Server struct {
	*httptest.Server
	// MaxPerPage caps a page's items (GitLab caps per_page at 100).
	MaxPerPage int

	mu       sync.Mutex
	lists    map[string][]json.RawMessage // unescaped path -> items
	objects  map[string]string            // unescaped path -> JSON object
	raw      map[string][]byte            // unescaped path -> raw file
	denied   map[string]int
	limited  map[string]bool
	requests testserver.Requests
}

// New starts a server; Close it when done.
func New() *Server {
	s := &Server{lists: map[string][]json.RawMessage{}, objects: map[string]string{}, raw: map[string][]byte{},
		denied: map[string]int{}, limited: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// List serves a JSON array at path (unescaped, such as
// /projects/northwind/ledger/variables), paginated.
func (s *Server) List(path, jsonArray string) {
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(jsonArray), &items); err != nil {
		panic(fmt.Sprintf("gitlabtest: %s: %v", path, err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists[path] = append(s.lists[path], items...)
}

// Deny answers every path under prefix with status.
func (s *Server) Deny(prefix string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.denied[prefix] = status
}

// LimitOnce answers the next request for path with 429 and a
// RateLimit-Reset one second on.
func (s *Server) LimitOnce(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limited[path] = true
}

// Requests counts the requests for path ("" for all).
func (s *Server) Requests(path string) int { return s.requests.Count(path) }

// Project serves a project of group with id: its entry in the group's
// project list, its tree at the default branch main and its raw files.
func (s *Server) Project(group, path string, id int64, files map[string][]byte) {
	full := group + "/" + path
	p, _ := json.Marshal(map[string]any{"id": id, "path": path, "path_with_namespace": full, "default_branch": "main",
		"visibility": "private", "archived": false, "namespace": map[string]any{"full_path": group, "kind": "group"}})
	root := group
	if i := strings.Index(group, "/"); i >= 0 {
		root = group[:i]
	}
	s.List("/groups/"+root+"/projects", "["+string(p)+"]")
	paths := make([]string, 0, len(files))
	for f := range files {
		paths = append(paths, f)
	}
	slices.Sort(paths)
	var tree []map[string]string
	for _, f := range paths {
		tree = append(tree, map[string]string{"id": fmt.Sprintf("%040x", len(tree)+1), "name": f[strings.LastIndex(f, "/")+1:], "type": "blob", "path": f, "mode": "100644"})
		s.mu.Lock()
		s.raw[fmt.Sprintf("/projects/%d/repository/files/%s/raw", id, f)] = files[f]
		s.mu.Unlock()
	}
	t, _ := json.Marshal(tree)
	s.List(fmt.Sprintf("/projects/%d/repository/tree", id), string(t))
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, Prefix) // r.URL.Path is unescaped
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	s.requests.Add(path)
	limited := s.limited[path]
	delete(s.limited, path)
	status := 0
	for p, st := range s.denied {
		if strings.HasPrefix(path, p) {
			status = st
		}
	}
	items, isList := s.lists[path]
	raw, isRaw := s.raw[path]
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case limited:
		w.Header().Set("RateLimit-Limit", "2000")
		w.Header().Set("RateLimit-Remaining", "0")
		w.Header().Set("RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"message":"429 Too Many Requests"}`)
	case status != 0:
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"message":"%d %s"}`, status, http.StatusText(status))
	case isRaw:
		w.Header().Set("Content-Type", "text/plain")
		w.Write(raw)
	case isList:
		s.page(w, r, items)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"404 Not Found"}`)
	}
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, items []json.RawMessage) {
	q := r.URL.Query()
	p, out := testserver.Paginate(q, items, 20, s.MaxPerPage)
	w.Header().Set("X-Page", strconv.Itoa(p.Number))
	w.Header().Set("X-Per-Page", strconv.Itoa(p.Per))
	w.Header().Set("X-Total", strconv.Itoa(len(items)))
	w.Header().Set("X-Total-Pages", strconv.Itoa(p.Last))
	if p.Number < p.Last {
		w.Header().Set("X-Next-Page", strconv.Itoa(p.Number+1))
		next := *r.URL
		q.Set("page", strconv.Itoa(p.Number+1))
		next.RawQuery = q.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<%s%s>; rel="next"`, s.URL, (&url.URL{Path: next.Path, RawPath: next.RawPath, RawQuery: next.RawQuery}).String()))
	}
	if out == nil {
		out = []json.RawMessage{}
	}
	data, _ := json.Marshal(out)
	w.Write(data)
}
