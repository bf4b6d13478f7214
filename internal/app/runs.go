package app

import (
	"fmt"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/schedule"
)

// listRuns lists a schedule's runs for the planner, with notes on what makes
// the times uncertain.
func listRuns(s graph.Schedule, from, to time.Time, max int) ([]time.Time, *time.Time, []string, error) {
	sch, err := schedule.Parse(s)
	if err != nil {
		return nil, nil, nil, err
	}
	var notes []string
	switch {
	case sch.Unresolved:
		notes = append(notes, fmt.Sprintf("schedule %q holds a placeholder; its runs are unknown", s.Expr))
	case sch.Reboot:
		notes = append(notes, "runs at boot, not on the clock")
	}
	if sch.Random {
		notes = append(notes, "the minute is random (cronie ~): runs show the earliest possible time")
	}
	if sch.Hashed {
		notes = append(notes, "the minute is hashed from the Jenkins job name (H): runs show the earliest possible time")
	}
	if sch.ZoneAssumed {
		notes = append(notes, "no time zone is named: runs are shown in UTC, the host's zone may shift them")
	}
	runs := sch.Runs(from, to, max)
	var next *time.Time
	if n := sch.Next(to.Add(-time.Nanosecond)); !n.IsZero() {
		next = &n
	}
	return runs, next, notes, nil
}
