package web

import (
	"bytes"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/report"
)

// findings answers GET /api/v1/findings?severity=&rule=: the findings
// report the CLI prints as JSON, open findings only, at the severity or
// worse and of the rules matching the glob when given.
func (h *Handler) findings(w http.ResponseWriter, r *http.Request) {
	s := h.state(w, r)
	if s == nil {
		return
	}
	q := r.URL.Query()
	sev, rule := q.Get("severity"), q.Get("rule")
	at := slices.Index(findings.Severities, findings.Severity(sev))
	if sev != "" && at < 0 {
		problem(w, r, http.StatusBadRequest, "severity "+strconv.Quote(sev)+": choose one of "+severityList())
		return
	}
	if _, err := path.Match(rule, ""); err != nil {
		problem(w, r, http.StatusBadRequest, "rule pattern "+strconv.Quote(rule)+": "+err.Error())
		return
	}
	full, err := h.backend.Findings(r.Context(), s)
	if err != nil {
		errorProblem(w, r, err)
		return
	}
	sel := *full
	sel.HideSuppressed = true
	sel.Findings = nil
	for _, f := range full.Findings {
		if sev != "" && slices.Index(findings.Severities, f.Severity) > at {
			continue
		}
		if rule != "" {
			if ok, _ := path.Match(strings.ToUpper(rule), strings.ToUpper(f.RuleID)); !ok {
				continue
			}
		}
		sel.Findings = append(sel.Findings, f)
	}
	var buf bytes.Buffer
	if err := report.Findings(&buf, "json", &sel, h.opts.Version); err != nil {
		errorProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}

func severityList() string {
	names := make([]string, len(findings.Severities))
	for i, s := range findings.Severities {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// snapshotRef accepts what drift may compare: a snapshot ID or latest.
// Graph files, which the CLI also takes, are not for a server to open.
func snapshotRef(v string) bool {
	if v == "" || v == "latest" {
		return true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return err == nil && n > 0
}

// drift answers GET /api/v1/drift?from=&to=: what changed between two
// states of the store, as `convene diff --format json` prints it.
func (h *Handler) drift(w http.ResponseWriter, r *http.Request) {
	from, to := r.URL.Query().Get("from"), r.URL.Query().Get("to")
	for _, v := range []string{from, to} {
		if !snapshotRef(v) {
			problem(w, r, http.StatusBadRequest, "snapshot "+strconv.Quote(v)+": give a snapshot ID from /api/v1/snapshots, or latest")
			return
		}
	}
	d, err := h.backend.Drift(r.Context(), from, to)
	if err != nil {
		errorProblem(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := report.Drift(&buf, "json", d); err != nil {
		errorProblem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(buf.Bytes())
}

type snapshotDoc struct {
	ID          int64     `json:"id"`
	Source      string    `json:"source"`
	CreatedAt   time.Time `json:"created_at"`
	Nodes       int       `json:"nodes"`
	Edges       int       `json:"edges"`
	Diagnostics int       `json:"diagnostics"`
	Version     string    `json:"convene_version,omitempty"`
}

// snapshots answers GET /api/v1/snapshots: the store's snapshots, newest
// first, and which one the resident graph is.
func (h *Handler) snapshots(w http.ResponseWriter, r *http.Request) {
	list, err := h.backend.Snapshots(r.Context())
	if err != nil {
		errorProblem(w, r, err)
		return
	}
	out := struct {
		Resident  int64         `json:"resident"`
		Label     string        `json:"label,omitempty"`
		Snapshots []snapshotDoc `json:"snapshots"`
	}{Snapshots: []snapshotDoc{}}
	if s := h.backend.State(); s != nil {
		out.Resident, out.Label = s.Snapshot, s.Label
	}
	for _, in := range list {
		out.Snapshots = append(out.Snapshots, snapshotDoc{ID: in.ID, Source: in.Source, CreatedAt: in.CreatedAt,
			Nodes: in.Nodes, Edges: in.Edges, Diagnostics: in.Diagnostics, Version: in.Meta.Version})
	}
	writeJSON(w, out)
}

type ownerSummary struct {
	nodeSummary
	// Owns counts the nodes whose effective owners include this one.
	Owns int `json:"owns"`
}

// owners answers GET /api/v1/owners: every team and person with how many
// nodes they own (most first), the unowned nodes by kind and the owner hints that name
// no known owner.
func (h *Handler) owners(w http.ResponseWriter, r *http.Request) {
	s := h.state(w, r)
	if s == nil {
		return
	}
	owns := map[string]int{}
	for _, no := range s.Owners.Nodes {
		for _, o := range no.Effective() {
			owns[o.ID]++
		}
	}
	type hint struct {
		Node  string `json:"node"`
		Attr  string `json:"attribute"`
		Value string `json:"value"`
	}
	out := struct {
		Owners     []ownerSummary      `json:"owners"`
		Unowned    map[string][]string `json:"unowned"`
		Unresolved []hint              `json:"unresolved"`
	}{Owners: []ownerSummary{}, Unowned: map[string][]string{}, Unresolved: []hint{}}
	for _, n := range s.Graph.Nodes() {
		if n.Kind == graph.Owner {
			out.Owners = append(out.Owners, ownerSummary{summary(n), owns[n.ID]})
		}
	}
	// Those who own most first; aliases of an owners-file team own nothing
	// themselves and come last.
	slices.SortStableFunc(out.Owners, func(a, b ownerSummary) int { return b.Owns - a.Owns })
	for k, ids := range s.Owners.Unowned {
		out.Unowned[string(k)] = ids
	}
	for _, u := range s.Owners.Unresolved {
		out.Unresolved = append(out.Unresolved, hint{u.Node, u.Attr, u.Value})
	}
	writeJSON(w, out)
}
