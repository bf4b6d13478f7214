package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/convene-dev/convene/schemas"
)

// Formats lists the formats a verify report renders to.
var Formats = []string{"text", "md", "json"}

// Write renders the report in format.
func Write(w io.Writer, format string, r *Report) error {
	switch format {
	case "text", "md":
		return writeText(w, r, format == "md")
	case "json":
		return writeJSON(w, r)
	}
	return fmt.Errorf("unknown format %q; choose one of: %s", format, strings.Join(Formats, ", "))
}

func summary(r *Report) string {
	n := r.Count()
	return fmt.Sprintf("%d done, %d not done, %d unknown", n[Done], n[NotDone], n[Unknown])
}

func writeText(w io.Writer, r *Report, md bool) error {
	p := r.Plan
	title := fmt.Sprintf("Verify: %s %s", p.Change.Action, strings.Join(p.Targets, ", "))
	esc := func(s string) string { return s }
	if md {
		esc = strings.NewReplacer("`", "'", "\n", " ").Replace
		fmt.Fprintf(w, "# %s\n\n", esc(title))
		fmt.Fprintf(w, "- **Scan:** %s\n- **Steps:** %s\n", esc(r.Graph), summary(r))
		if p.Change.WindowStart != "" {
			fmt.Fprintf(w, "- **Window:** %s to %s\n", p.Change.WindowStart, p.Change.WindowEnd)
		}
		fmt.Fprintln(w)
	} else {
		fmt.Fprintf(w, "%s\n%s\n", title, strings.Repeat("=", len([]rune(title))))
		fmt.Fprintf(w, "%-8s %s\n%-8s %s\n", "Scan:", r.Graph, "Steps:", summary(r))
		if p.Change.WindowStart != "" {
			fmt.Fprintf(w, "%-8s %s to %s\n", "Window:", p.Change.WindowStart, p.Change.WindowEnd)
		}
		fmt.Fprintln(w)
	}
	for _, res := range r.Results {
		s := res.Step
		if md {
			box := " "
			if res.Status == Done {
				box = "x"
			}
			fmt.Fprintf(w, "- [%s] **%d. %s** (%s) %s\n", box, s.Order, res.Status, s.Kind, esc(s.Action))
			for _, ev := range res.Evidence {
				fmt.Fprintf(w, "  - %s\n", esc(ev))
			}
			continue
		}
		fmt.Fprintf(w, "%2d. [%s] %s: %s\n", s.Order, res.Status, s.Kind, s.Action)
		for _, ev := range res.Evidence {
			fmt.Fprintf(w, "    %s\n", ev)
		}
	}
	return nil
}

// The JSON shape of a verify report; docs/planner.md documents it.
type (
	reportDoc struct {
		Schema  string         `json:"$schema"`
		Format  string         `json:"format"`
		Version int            `json:"version"`
		Graph   string         `json:"graph"`
		Targets []string       `json:"targets"`
		Summary map[Status]int `json:"summary"`
		Steps   []stepDoc      `json:"steps"`
	}
	stepDoc struct {
		Order    int      `json:"order"`
		Kind     string   `json:"kind"`
		Action   string   `json:"action"`
		Status   Status   `json:"status"`
		Fact     string   `json:"fact"`
		Evidence []string `json:"evidence"`
	}
)

func writeJSON(w io.Writer, r *Report) error {
	doc := reportDoc{Schema: schemas.Verify, Format: "convene-verify", Version: 1, Graph: r.Graph, Targets: r.Plan.Targets, Summary: r.Count(), Steps: []stepDoc{}}
	for _, s := range []Status{Done, NotDone, Unknown} {
		doc.Summary[s] += 0
	}
	for _, res := range r.Results {
		ev := res.Evidence
		if ev == nil {
			ev = []string{}
		}
		doc.Steps = append(doc.Steps, stepDoc{res.Step.Order, res.Step.Kind, res.Step.Action, res.Status, res.Step.Verify.Fact, ev})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
