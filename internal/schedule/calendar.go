package schedule

import (
	"slices"
	"time"
)

// horizonYears bounds how far Next searches: a calendar that matches
// nothing in this many years (Feb 30, a year in the past) never runs.
const horizonYears = 100

// calendar is a field-set timetable, the engine behind systemd OnCalendar=
// and AWS cron(): a run is any second whose year, month, day, hour, minute
// and second are all allowed.
type calendar struct {
	loc *time.Location
	// zoned is true when the expression named its own zone.
	zoned bool
	// years is nil for any year.
	years   []int
	months  []int
	day     func(y int, m time.Month, d int) bool
	hours   []int
	minutes []int
	// micros are the allowed offsets within a minute, in microseconds,
	// since systemd allows fractional seconds.
	micros []int
}

// Next implements nexter.
func (c *calendar) Next(t time.Time) time.Time {
	t = t.In(c.loc)
	y0 := t.Year()
	for y := y0; y <= y0+horizonYears; y++ {
		if c.years != nil {
			if y > c.years[len(c.years)-1] {
				return time.Time{}
			}
			if !slices.Contains(c.years, y) {
				continue
			}
		}
		for _, m := range c.months {
			if y == y0 && m < int(t.Month()) {
				continue
			}
			last := daysIn(y, time.Month(m))
			for d := 1; d <= last; d++ {
				sameDay := y == y0 && m == int(t.Month()) && d == t.Day()
				if y == y0 && m == int(t.Month()) && d < t.Day() {
					continue
				}
				if !c.day(y, time.Month(m), d) {
					continue
				}
				if n, ok := c.inDay(y, time.Month(m), d, t, sameDay); ok {
					return n
				}
			}
		}
	}
	return time.Time{}
}

// inDay returns the first allowed time of the day strictly after t.
func (c *calendar) inDay(y int, m time.Month, d int, t time.Time, sameDay bool) (time.Time, bool) {
	for _, h := range c.hours {
		if sameDay && h < t.Hour() {
			continue
		}
		for _, mi := range c.minutes {
			if sameDay && h == t.Hour() && mi < t.Minute() {
				continue
			}
			for _, us := range c.micros {
				n := time.Date(y, m, d, h, mi, us/1e6, (us%1e6)*1e3, c.loc)
				if n.After(t) {
					return n, true
				}
			}
		}
	}
	return time.Time{}, false
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// span returns the values from..to by step, for ranges and repetitions.
func span(from, to, step int) []int {
	var out []int
	for v := from; v <= to; v += step {
		out = append(out, v)
	}
	return out
}

// uniqueSorted sorts vs and drops repeats.
func uniqueSorted(vs []int) []int {
	slices.Sort(vs)
	return slices.Compact(vs)
}
