// Package planner answers what a proposed privileged-access change would
// do: from the change's targets it walks the graph against the arrows (to
// what depends on them) with a rule table per action and edge kind, classes
// every impacted node, finds its owners, sets a risk tier and turns it all
// into a list of people to invite, with why.
//
// The package reads a finished graph; it never calls a connector. docs/planner.md
// documents the rule table.
package planner

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/internal/duration"
	"github.com/convene-dev/convene/internal/yamlerr"
)

// Action is what the change does to its targets.
type Action string

// The actions.
const (
	Rotate       Action = "rotate"
	Revoke       Action = "revoke"
	Disable      Action = "disable"
	Delete       Action = "delete"
	Modify       Action = "modify"
	Decommission Action = "decommission"
)

// Actions lists every action.
var Actions = []Action{Rotate, Revoke, Disable, Delete, Modify, Decommission}

// ParseAction returns the action named s, or an error listing the actions.
func ParseAction(s string) (Action, error) {
	for _, a := range Actions {
		if string(a) == strings.ToLower(s) {
			return a, nil
		}
	}
	names := make([]string, len(Actions))
	for i, a := range Actions {
		names[i] = string(a)
	}
	return "", fmt.Errorf("unknown action %q; use one of: %s", s, strings.Join(names, ", "))
}

// Window is when the change happens.
type Window struct {
	Start    time.Time
	Duration time.Duration
}

// End is when the window closes.
func (w Window) End() time.Time { return w.Start.Add(w.Duration) }

// ParseWindow reads START/DURATION: an RFC 3339 time (or "2006-01-02T15:04"
// in UTC) and a duration as every flag takes one ("2h", "90m", "1d", "2w";
// see internal/duration).
func ParseWindow(s string) (Window, error) {
	start, dur, ok := strings.Cut(s, "/")
	if !ok {
		return Window{}, fmt.Errorf("window %q: write START/DURATION, e.g. 2026-12-01T22:00Z/2h", s)
	}
	var t time.Time
	var err error
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04Z", "2006-01-02T15:04"} {
		if t, err = time.Parse(layout, start); err == nil {
			break
		}
	}
	if err != nil {
		return Window{}, fmt.Errorf("window start %q: write an RFC 3339 time such as 2026-12-01T22:00:00Z", start)
	}
	d, err := duration.Parse(dur)
	if err != nil || d <= 0 {
		return Window{}, fmt.Errorf("window duration %q: write 2h, 90m, 1d or 2w", dur)
	}
	return Window{Start: t.UTC(), Duration: d}, nil
}

// Change is a proposed change: one action on one or more targets.
type Change struct {
	Action Action
	// Targets name nodes by ID, unique suffix or name.
	Targets []string
	Window  *Window
	// Environment is the environment the change is made in (production,
	// staging…), when the person planning says so.
	Environment string
	Ticket      string
	Notes       string
}

// changeFile is the YAML of a change file; docs/planner.md documents it.
type changeFile struct {
	Action      string   `yaml:"action"`
	Targets     []string `yaml:"targets"`
	Target      string   `yaml:"target"`
	Window      string   `yaml:"window"`
	Environment string   `yaml:"environment"`
	Ticket      string   `yaml:"ticket"`
	Notes       string   `yaml:"notes"`
}

// yamlErrors words yaml's errors for a person: file and line, no Go type.
func yamlErrors(path string, err error) error {
	var errs []error
	for _, p := range yamlerr.Explain(err) {
		msg := p.Msg
		if p.UnknownKey != "" {
			msg = fmt.Sprintf("unknown key %q; a change file takes action, target, targets, window, environment, ticket and notes", p.UnknownKey)
		}
		if p.Line > 0 {
			errs = append(errs, fmt.Errorf("%s:%d: %s", path, p.Line, msg))
		} else {
			errs = append(errs, fmt.Errorf("%s: %s", path, msg))
		}
	}
	return errors.Join(errs...)
}

// LoadChange reads a change file. Errors name the file and line.
func LoadChange(path string) (*Change, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read change file: %w", err)
	}
	return ParseChange(path, data)
}

// ParseChange reads a change file's content; path names it in errors.
func ParseChange(path string, data []byte) (*Change, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlErrors(path, err)
	}
	var cf changeFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cf); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlErrors(path, err)
	}
	line := func(key string) int {
		if len(root.Content) == 0 {
			return 1
		}
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i].Line
			}
		}
		return 1
	}
	var errs []error
	ch := &Change{Environment: cf.Environment, Ticket: cf.Ticket, Notes: cf.Notes, Targets: cf.Targets}
	if cf.Target != "" {
		ch.Targets = append([]string{cf.Target}, ch.Targets...)
	}
	a, err := ParseAction(cf.Action)
	if err != nil {
		errs = append(errs, fmt.Errorf("%s:%d: %w", path, line("action"), err))
	}
	ch.Action = a
	if len(ch.Targets) == 0 {
		errs = append(errs, fmt.Errorf("%s:%d: no target; add `target: ID` or a `targets:` list", path, line("targets")))
	}
	if cf.Window != "" {
		w, err := ParseWindow(cf.Window)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path, line("window"), err))
		}
		ch.Window = &w
	}
	return ch, errors.Join(errs...)
}
