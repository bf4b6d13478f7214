// Package verify checks, after a change window, whether each step of a
// plan landed: it reads the plan's steps (steps[] of the plan JSON) and a
// scan of the estate taken after the change, and reports each step as done,
// not done or unknown, with the evidence — copies updated after the window
// started, the old key or version still used after the window, consumers
// still configured to read the old credential, orphans still present.
//
// The package reads a finished graph and a plan document; it never calls
// a connector or the planner.
package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Status is a step's state after the change.
type Status string

// The statuses.
const (
	Done    Status = "done"
	NotDone Status = "not-done"
	Unknown Status = "unknown"
)

// PlanDoc is the part of a plan document (`convene plan --format json`)
// verify reads.
type PlanDoc struct {
	Format string `json:"format"`
	Change struct {
		Action      string `json:"action"`
		WindowStart string `json:"window_start"`
		WindowEnd   string `json:"window_end"`
		Ticket      string `json:"ticket"`
	} `json:"change"`
	Targets []string `json:"targets"`
	Steps   []Step   `json:"steps"`
}

// Step is one step of a plan as its JSON spells it.
type Step struct {
	Order  int      `json:"order"`
	Kind   string   `json:"kind"`
	Action string   `json:"action"`
	Nodes  []string `json:"nodes"`
	Owners []struct {
		ID string `json:"id"`
	} `json:"owners"`
	Verify Spec `json:"verify"`
}

// Spec is a step's verify member: which fact proves it.
type Spec struct {
	Fact   string `json:"fact"`
	Node   string `json:"node"`
	Target string `json:"target"`
	Attr   string `json:"attr"`
	Was    string `json:"was"`
	Text   string `json:"text"`
}

// ReadPlan reads a plan document; name names it in errors.
func ReadPlan(r io.Reader, name string) (*PlanDoc, error) {
	var p PlanDoc
	dec := json.NewDecoder(io.LimitReader(r, 64<<20))
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: not a plan document (write one with convene plan --format json): %w", name, err)
	}
	if p.Format != "convene-plan" {
		return nil, fmt.Errorf("%s: format %q is not convene-plan; write the plan with convene plan --format json", name, p.Format)
	}
	if len(p.Steps) == 0 {
		return nil, fmt.Errorf("%s: the plan has no steps; plan again with this version of convene", name)
	}
	return &p, nil
}

// window returns the plan's window, zero times where it has none.
func (p *PlanDoc) window() (start, end time.Time) {
	start, _ = time.Parse(time.RFC3339, p.Change.WindowStart)
	end, _ = time.Parse(time.RFC3339, p.Change.WindowEnd)
	return start, end
}

// Result is one step's verdict.
type Result struct {
	Step     Step
	Status   Status
	Evidence []string
}

// Report is the verdict on a whole plan.
type Report struct {
	Plan    *PlanDoc
	Graph   string
	Results []Result
}

// Count returns how many steps have each status.
func (r *Report) Count() map[Status]int {
	m := map[Status]int{}
	for _, res := range r.Results {
		m[res.Status]++
	}
	return m
}
