// Package web is convene's HTTP face for people and programs: a read-only
// JSON API under /api/v1, described by an OpenAPI document, and a web UI
// under /ui embedded in the binary. It answers from the graph a Backend
// keeps resident; it never scans, never writes to the store and never
// holds a secret value, because the graph holds none.
package web

import (
	"context"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/drift"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/store"
)

// State is one resident state of the estate: a graph and what was worked
// out from it once, shared by every request until the next reload.
type State struct {
	Graph *graph.Graph
	// Label says where the graph came from: "snapshot 12 (…), 3 sources".
	Label string
	// Snapshot is the newest snapshot merged into Graph; 0 when the graph
	// came from elsewhere.
	Snapshot int64
	// Owners is the ownership of every ownable node.
	Owners *owners.Result
	// Loaded is when the state became resident.
	Loaded time.Time
}

// Backend is what the API needs from the rest of convene. internal/app
// implements it; tests may fake it.
type Backend interface {
	// State returns the resident state, or nil while none is loaded yet.
	State() *State
	// Plan plans a change on the state's graph and returns the findings
	// that touch it. A target naming several nodes, or none, is a
	// *graph.AmbiguousError or *graph.NotFoundError.
	Plan(ctx context.Context, s *State, ch planner.Change) (*planner.Plan, []findings.Finding, error)
	// Findings returns the hygiene report of the state's graph; the caller
	// must not modify it.
	Findings(ctx context.Context, s *State) (*findings.Report, error)
	// Snapshots lists the store's snapshots, newest first.
	Snapshots(ctx context.Context) ([]store.Info, error)
	// Drift compares two states of the store, each a snapshot ID or
	// "latest"; an empty from means the state before to.
	Drift(ctx context.Context, from, to string) (*drift.Report, error)
}

// Options configure the handler.
type Options struct {
	// Auth, when set, guards every API request; the UI's static files are
	// served to anyone, since they hold no data.
	Auth *Auth
	// MaxBody bounds a request body (default 64 KiB).
	MaxBody int64
	// Timeout bounds the handling of one request (default 30s).
	Timeout time.Duration
	// Version is convene's version, shown in the UI.
	Version string
	// Log, when set, gets one line per API request (never its body or
	// query).
	Log *zerolog.Logger
}

// Handler serves /api/v1/… and /ui/…; "/" redirects to the UI.
type Handler struct {
	backend Backend
	opts    Options
	mux     *http.ServeMux
	routes  []string
}

// New returns the handler over backend.
func New(backend Backend, opts Options) *Handler {
	if opts.MaxBody <= 0 {
		opts.MaxBody = 64 << 10
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	h := &Handler{backend: backend, opts: opts, mux: http.NewServeMux()}
	h.api("GET /api/v1/openapi.json", h.openAPI)
	h.api("GET /api/v1/nodes", h.searchNodes)
	h.api("GET /api/v1/nodes/{id...}", h.node)
	h.api("POST /api/v1/plans", h.plan)
	h.api("GET /api/v1/findings", h.findings)
	h.api("GET /api/v1/drift", h.drift)
	h.api("GET /api/v1/snapshots", h.snapshots)
	h.api("GET /api/v1/owners", h.owners)
	h.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
			// The API is read-only: plans are computed, never stored.
			w.Header().Set("Allow", "GET, HEAD, POST")
			problem(w, r, http.StatusMethodNotAllowed, "the API is read-only: "+r.Method+" is not served")
			return
		}
		problem(w, r, http.StatusNotFound, "no such endpoint; the API is described at /api/v1/openapi.json")
	})
	h.ui()
	return h
}

// Routes returns the API's method and path patterns, as routed, for tests
// that hold them against the OpenAPI document.
func (h *Handler) Routes() []string { return h.routes }

func (h *Handler) api(pattern string, f http.HandlerFunc) {
	h.routes = append(h.routes, pattern)
	var next http.Handler = f
	if pattern != "GET /api/v1/openapi.json" {
		next = h.opts.Auth.guard(next)
	}
	h.mux.Handle(pattern, http.TimeoutHandler(next, h.opts.Timeout, ""))
}

// ServeHTTP applies the headers every response carries and routes.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, h.opts.MaxBody)
	}
	h.logged(w, r, h.mux.ServeHTTP)
}

// state returns the resident state, answering 503 while there is none.
func (h *Handler) state(w http.ResponseWriter, r *http.Request) *State {
	s := h.backend.State()
	if s == nil {
		problem(w, r, http.StatusServiceUnavailable, "no graph is loaded yet: the store holds no snapshot, or the first scan is still running")
	}
	return s
}
