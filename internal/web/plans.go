package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/report"
)

// changeRequest is a change as JSON: the change file's fields.
type changeRequest struct {
	Action      string   `json:"action"`
	Targets     []string `json:"targets"`
	Target      string   `json:"target"`
	Window      string   `json:"window"`
	Environment string   `json:"environment"`
	Ticket      string   `json:"ticket"`
	Notes       string   `json:"notes"`
}

// change checks a request as the change file is checked, with the same
// messages, and returns the change.
func (c changeRequest) change() (*planner.Change, error) {
	var errs []error
	action, err := planner.ParseAction(c.Action)
	if err != nil {
		errs = append(errs, fmt.Errorf("action: %w", err))
	}
	ch := &planner.Change{Action: action, Targets: c.Targets, Environment: c.Environment, Ticket: c.Ticket, Notes: c.Notes}
	if c.Target != "" {
		ch.Targets = append([]string{c.Target}, ch.Targets...)
	}
	if len(ch.Targets) == 0 {
		errs = append(errs, errors.New("targets: no target; add \"targets\": [ID]"))
	}
	if c.Window != "" {
		w, err := planner.ParseWindow(c.Window)
		if err != nil {
			errs = append(errs, fmt.Errorf("window: %w", err))
		}
		ch.Window = &w
	}
	return ch, errors.Join(errs...)
}

// planFormats maps the media types a plan is offered in to report formats.
var planFormats = map[string]string{
	"application/json": "json",
	"text/markdown":    "md",
	"text/html":        "html",
}

// negotiate picks the plan format from the Accept header: JSON unless
// Markdown or HTML is asked for.
func negotiate(accept string) (format, mediaType string) {
	for _, part := range strings.Split(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		if f, ok := planFormats[mt]; ok {
			return f, mt
		}
	}
	return "json", "application/json"
}

// plan answers POST /api/v1/plans with the plan the CLI would print.
func (h *Handler) plan(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(w, r) {
		return
	}
	s := h.state(w, r)
	if s == nil {
		return
	}
	var req changeRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			problem(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the change is over %d bytes", tooBig.Limit))
			return
		}
		problem(w, r, http.StatusBadRequest, "read the change: "+err.Error()+"; send a JSON object with action, targets, window, environment, ticket, notes")
		return
	}
	ch, err := req.change()
	if err != nil {
		problem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	p, fs, err := h.backend.Plan(r.Context(), s, *ch)
	if err != nil {
		errorProblem(w, r, err)
		return
	}
	format, mt := negotiate(r.Header.Get("Accept"))
	var buf bytes.Buffer
	if err := report.PlanWith(&buf, format, p, s.Graph, fs, report.Provenance{Version: h.opts.Version, Graph: s.Label}); err != nil {
		errorProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", mt+"; charset=utf-8")
	w.Header().Set("Vary", "Accept")
	if format == "html" {
		// The plan page is self-contained: inline styles, an inline SVG,
		// no script.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
	}
	w.Write(buf.Bytes())
}
