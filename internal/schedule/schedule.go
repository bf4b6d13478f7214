// Package schedule reads the timetables of scheduled workloads, whatever
// dialect they are written in, and lists the runs that fall inside a time
// window, so that a change plan can say which jobs run while a credential
// is being rotated.
//
// One Schedule type covers every dialect: standard cron (with cronie's ~
// random ranges and CRON_TZ=/TZ= prefixes), Jenkins' H hash token, systemd
// OnCalendar= calendars, AWS EventBridge rate(), cron() and at(), and
// Kubernetes CronJob schedules (standard cron with a time zone).
// docs/schedules.md describes the semantics, including how runs whose exact
// time is not knowable (cronie ~, Jenkins H, rate()) are reported.
package schedule

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// Schedule is a parsed timetable. The zero value never runs.
type Schedule struct {
	// Source is the schedule as the connector reported it.
	Source graph.Schedule
	// Location is the time zone the expression is read in: the prefix or
	// trailing zone of the expression, else Source.TimeZone, else UTC.
	Location *time.Location
	// Reboot is true for @reboot (and timers that only fire relative to
	// boot): the job runs at start-up, never on the clock, so Runs is empty.
	Reboot bool
	// Random is true when cronie's ~ picks a random time when the daemon
	// starts: Runs lists the earliest possible times and Windows the range.
	Random bool
	// Hashed is true when Jenkins' H picks the time from a hash of the job
	// name: Runs lists the hashed times for the seed given (the earliest
	// possible times without one) and Windows the range any seed can give.
	Hashed bool
	// Phased is true for fixed-rate schedules (rate(), @every) whose phase
	// depends on when they were created: Runs assumes the phase of the
	// Unix epoch, and Windows gives each run the whole interval.
	Phased bool
	// ZoneAssumed is true when neither the expression nor the source named
	// a time zone: runs are listed in UTC, and the host's real zone may
	// shift them.
	ZoneAssumed bool
	// Unresolved is true when the expression holds a template placeholder
	// (@VAR@, ${VAR}) that convene does not guess.
	Unresolved bool

	specs []spec
}

// spec is one timetable of a union: a cron line, one OnCalendar=, one
// at(). earliest lists the nominal (or earliest possible) runs; latest,
// when set, the latest possible time of each run, for Windows.
type spec struct {
	earliest nexter
	latest   nexter
	// low, when set, lists the earliest possible time of each run where
	// earliest lists a hashed one (Jenkins H with a seed).
	low nexter
	// every is set for fixed-rate specs: each run may fall anywhere in the
	// interval before the next.
	every time.Duration
}

// nexter returns the first run strictly after t, or the zero time when
// there is none (within the search horizon).
type nexter interface {
	Next(t time.Time) time.Time
}

// Window is the range of time in which one run starts. Start equals End
// when the time is known to the second.
type Window struct {
	Start, End time.Time
}

// Option tunes Parse.
type Option func(*options)

type options struct {
	seed    string
	hasSeed bool
}

// WithSeed gives the Jenkins job's full name (folders included), which
// Jenkins hashes to pick the minutes of H. Without it, H is read as the
// earliest value of its range, as Jenkins does for a null seed.
func WithSeed(jobFullName string) Option {
	return func(o *options) { o.seed, o.hasSeed = jobFullName, true }
}

// ErrEmpty is returned for an empty expression.
var ErrEmpty = errors.New("empty schedule expression")

// Parse reads s in its dialect. Expressions of the cron, jenkins and
// systemd dialects may hold several lines (a Jenkins spec, repeated
// OnCalendar= settings): the schedule is their union. An error says what
// is wrong in words a user can act on.
func Parse(s graph.Schedule, opts ...Option) (Schedule, error) {
	var o options
	for _, f := range opts {
		f(&o)
	}
	out := Schedule{Source: s, Location: time.UTC, ZoneAssumed: s.TimeZone == ""}
	if s.TimeZone != "" {
		loc, err := loadLocation(s.TimeZone)
		if err != nil {
			return Schedule{}, err
		}
		out.Location = loc
	}
	expr := strings.TrimSpace(s.Expr)
	if expr == "" {
		return Schedule{}, ErrEmpty
	}
	if hasPlaceholder(expr) {
		out.Unresolved = true
		return out, fmt.Errorf("schedule %q holds a template placeholder; it is reported unresolved, not guessed", expr)
	}
	var err error
	switch s.Dialect {
	case graph.Cron, "":
		err = out.parseLines(expr, func(line string, loc *time.Location) error { return out.addCron(line, loc, false, o) })
	case graph.Jenkins:
		err = out.parseLines(expr, func(line string, loc *time.Location) error { return out.addCron(line, loc, true, o) })
	case graph.Systemd:
		err = out.parseLines(expr, out.addCalendar)
	case graph.AWS:
		err = out.addAWS(expr)
	default:
		err = fmt.Errorf("unknown schedule dialect %q; convene reads cron, jenkins, systemd and aws", s.Dialect)
	}
	if err != nil {
		return Schedule{}, err
	}
	return out, nil
}

// parseLines hands each non-empty, non-comment line to add, applying
// TZ=/CRON_TZ= lines and prefixes to the lines that follow, as Jenkins
// and cronie do.
func (s *Schedule) parseLines(expr string, add func(string, *time.Location) error) error {
	loc := s.Location
	for _, line := range strings.Split(expr, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if z, rest, ok := tzPrefix(line); ok {
			l, err := loadLocation(z)
			if err != nil {
				return err
			}
			loc, s.ZoneAssumed = l, false
			if rest == "" {
				continue
			}
			line = rest
		}
		s.Location = loc
		if err := add(line, loc); err != nil {
			return err
		}
	}
	if len(s.specs) == 0 && !s.Reboot {
		return fmt.Errorf("schedule %q has no timetable line", expr)
	}
	return nil
}

// tzPrefix splits "CRON_TZ=Europe/Berlin 0 3 * * *" or "TZ=UTC".
func tzPrefix(line string) (zone, rest string, ok bool) {
	for _, p := range []string{"CRON_TZ=", "TZ="} {
		if strings.HasPrefix(line, p) {
			v := strings.TrimPrefix(line, p)
			zone, rest, _ = strings.Cut(v, " ")
			return strings.TrimSpace(zone), strings.TrimSpace(rest), true
		}
	}
	return "", "", false
}

func loadLocation(name string) (*time.Location, error) {
	if name == "UTC" || name == "utc" || name == "Etc/UTC" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q; give an IANA name such as Europe/Berlin", name)
	}
	return loc, nil
}

func hasPlaceholder(s string) bool {
	if strings.Contains(s, "${") || strings.Contains(s, "{{") {
		return true
	}
	i := strings.IndexByte(s, '@')
	for i >= 0 {
		j := strings.IndexByte(s[i+1:], '@')
		if j < 0 {
			return false
		}
		if j > 0 && isTemplateName(s[i+1:i+1+j]) {
			return true
		}
		i = i + 1 + j
	}
	return false
}

func isTemplateName(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Next returns the first run strictly after t, or the zero time when the
// schedule never runs again.
func (s Schedule) Next(t time.Time) time.Time {
	var best time.Time
	for _, sp := range s.specs {
		n := sp.earliest.Next(t)
		if !n.IsZero() && (best.IsZero() || n.Before(best)) {
			best = n
		}
	}
	return best
}

// Runs lists the runs at or after from and before to, at most max of them
// (max <= 0 means no limit), in time order. For Random and Hashed
// schedules each time is the start of its Window.
func (s Schedule) Runs(from, to time.Time, max int) []time.Time {
	var out []time.Time
	for t := s.Next(from.Add(-time.Nanosecond)); !t.IsZero() && t.Before(to); t = s.Next(t) {
		out = append(out, t.In(s.Location))
		if max > 0 && len(out) >= max {
			break
		}
	}
	return out
}

// Windows lists the ranges of time in which runs may start, for the runs
// whose earliest possible time is at or after from and before to, at most
// max of them, in time order: a single instant for an exact schedule; from
// the low to the high end of the range for cronie ~ and Jenkins H; the
// whole interval for a fixed rate whose phase is unknown.
func (s Schedule) Windows(from, to time.Time, max int) []Window {
	var out []Window
	for _, sp := range s.specs {
		low := sp.low
		if low == nil {
			low = sp.earliest
		}
		for t := low.Next(from.Add(-time.Nanosecond)); !t.IsZero() && t.Before(to); t = low.Next(t) {
			w := Window{Start: t.In(s.Location), End: t.In(s.Location)}
			switch {
			case sp.every > 0:
				w.End = w.Start.Add(sp.every - time.Second)
			case sp.latest != nil:
				if l := sp.latest.Next(t.Add(-time.Nanosecond)); !l.IsZero() {
					w.End = l.In(s.Location)
				}
			}
			out = append(out, w)
			if max > 0 && len(out) >= max {
				break
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Window) int { return a.Start.Compare(b.Start) })
	if max > 0 && len(out) > max {
		out = out[:max]
	}
	return out
}
