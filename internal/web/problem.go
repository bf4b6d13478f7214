package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/store"
)

// problemDoc is an RFC 9457 problem details object.
type problemDoc struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance,omitempty"`
	// Candidates are the node IDs an ambiguous or unknown target could
	// mean.
	Candidates []string `json:"candidates,omitempty"`
}

// problem writes a problem details response.
func problem(w http.ResponseWriter, r *http.Request, status int, detail string) {
	writeProblem(w, problemDoc{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail, Instance: r.URL.Path})
}

func writeProblem(w http.ResponseWriter, p problemDoc) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(p)
}

// errorProblem maps an error of the backend to a problem with the CLI's
// message: a target naming several nodes is 422 with the candidates, one
// naming none 404 with the closest, a missing snapshot 404, bad input
// (badInput) 400, anything else 500.
func errorProblem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemDoc{Type: "about:blank", Detail: err.Error(), Instance: r.URL.Path}
	var amb *graph.AmbiguousError
	var nf *graph.NotFoundError
	var bad *badInput
	switch {
	case errors.As(err, &amb):
		p.Status, p.Candidates = http.StatusUnprocessableEntity, amb.Candidates
		p.Type = "https://convene.dev/problems/ambiguous-target"
	case errors.As(err, &nf):
		p.Status, p.Candidates = http.StatusNotFound, nf.Closest
		p.Type = "https://convene.dev/problems/unknown-target"
	case errors.Is(err, store.ErrNotFound):
		p.Status = http.StatusNotFound
	case errors.As(err, &bad):
		p.Status = http.StatusBadRequest
	default:
		p.Status = http.StatusInternalServerError
	}
	p.Title = http.StatusText(p.Status)
	writeProblem(w, p)
}

// badInput is a request the API cannot act on as written.
type badInput struct{ err error }

func (b *badInput) Error() string { return b.err.Error() }
func (b *badInput) Unwrap() error { return b.err }

// BadInput marks err as the caller's mistake, for a Backend to return: the
// API answers 400 with its message.
func BadInput(err error) error { return &badInput{err} }

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
