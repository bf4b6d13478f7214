package schedule

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// calendarShorthands are systemd.time(7)'s special expressions.
var calendarShorthands = map[string]string{
	"minutely": "*-*-* *:*:00", "hourly": "*-*-* *:00:00", "daily": "*-*-* 00:00:00",
	"monthly": "*-*-01 00:00:00", "weekly": "Mon *-*-* 00:00:00",
	"yearly": "*-01-01 00:00:00", "annually": "*-01-01 00:00:00",
	"quarterly": "*-01,04,07,10-01 00:00:00", "semiannually": "*-01,07-01 00:00:00",
}

// weekdayNames maps systemd's weekday names to Go's weekdays.
var weekdayNames = map[string]time.Weekday{
	"mon": time.Monday, "monday": time.Monday, "tue": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "thu": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday, "sat": time.Saturday, "saturday": time.Saturday,
	"sun": time.Sunday, "sunday": time.Sunday,
}

// addCalendar adds one systemd OnCalendar= expression read in loc unless
// it names its own zone.
func (s *Schedule) addCalendar(expr string, loc *time.Location) error {
	c, err := parseCalendar(expr, loc)
	if err != nil {
		return err
	}
	s.specs = append(s.specs, spec{earliest: c})
	if c.zoned {
		s.ZoneAssumed = false
	}
	s.Location = c.loc
	return nil
}

// parseCalendar reads "[weekdays] [date] [time] [zone]" as
// systemd.time(7) describes; a missing date is *-*-*, a missing time
// 00:00:00 and missing seconds :00.
func parseCalendar(expr string, loc *time.Location) (*calendar, error) {
	toks := strings.Fields(expr)
	if len(toks) == 0 {
		return nil, ErrEmpty
	}
	zoned := false
	if len(toks) > 1 {
		if l, ok := calendarZone(toks[len(toks)-1]); ok {
			loc, toks, zoned = l, toks[:len(toks)-1], true
		}
	}
	if len(toks) == 1 {
		if exp, ok := calendarShorthands[strings.ToLower(toks[0])]; ok {
			toks = strings.Fields(exp)
		}
	}
	c := &calendar{loc: loc, zoned: zoned}
	var wdays []time.Weekday
	var err error
	if len(toks) > 0 && isLetter(toks[0][0]) {
		if wdays, err = parseWeekdays(strings.TrimSuffix(toks[0], ",")); err != nil {
			return nil, fmt.Errorf("OnCalendar %q: %w", expr, err)
		}
		toks = toks[1:]
	}
	date, clock := "*-*-*", "00:00:00"
	var haveDate, haveTime bool
	for _, tok := range toks {
		switch {
		case strings.Contains(tok, ":") && !haveTime:
			clock, haveTime = tok, true
		case (strings.Contains(tok, "-") || strings.Contains(tok, "~")) && !haveDate && !haveTime:
			date, haveDate = tok, true
		default:
			return nil, fmt.Errorf("OnCalendar %q: cannot read %q; write [weekdays] [year-month-day] [hour:minute[:second]] [time zone]", expr, tok)
		}
	}
	day, err := c.parseDate(date)
	if err != nil {
		return nil, fmt.Errorf("OnCalendar %q: date %q: %w", expr, date, err)
	}
	if err := c.parseClock(clock); err != nil {
		return nil, fmt.Errorf("OnCalendar %q: time %q: %w", expr, clock, err)
	}
	c.day = func(y int, m time.Month, d int) bool {
		if wdays != nil && !slices.Contains(wdays, time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday()) {
			return false
		}
		return day(y, m, d)
	}
	return c, nil
}

// calendarZone reads a trailing time zone: UTC or an IANA name.
func calendarZone(tok string) (*time.Location, bool) {
	if !isLetter(tok[0]) {
		return nil, false
	}
	if _, short := calendarShorthands[strings.ToLower(tok)]; short {
		return nil, false
	}
	if _, wd := weekdayNames[strings.ToLower(strings.TrimSuffix(tok, ","))]; wd {
		return nil, false
	}
	loc, err := loadLocation(tok)
	return loc, err == nil
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// parseWeekdays reads "Mon,Fri", "Mon..Fri" (or the older "Mon-Fri").
func parseWeekdays(s string) ([]time.Weekday, error) {
	var out []time.Weekday
	for _, item := range strings.Split(s, ",") {
		if item == "" {
			continue
		}
		a, b, isRange := strings.Cut(item, "..")
		if !isRange {
			a, b, isRange = strings.Cut(item, "-")
		}
		wa, ok := weekdayNames[strings.ToLower(a)]
		if !ok {
			return nil, fmt.Errorf("unknown weekday %q; use Mon, Tue, Wed, Thu, Fri, Sat, Sun", a)
		}
		if !isRange {
			out = append(out, wa)
			continue
		}
		wb, ok := weekdayNames[strings.ToLower(b)]
		if !ok {
			return nil, fmt.Errorf("unknown weekday %q; use Mon, Tue, Wed, Thu, Fri, Sat, Sun", b)
		}
		// systemd's week starts on Monday.
		ia, ib := (int(wa)+6)%7, (int(wb)+6)%7
		if ia > ib {
			return nil, fmt.Errorf("weekday range %s is reversed; the week runs Mon..Sun", item)
		}
		for i := ia; i <= ib; i++ {
			out = append(out, time.Weekday((i+1)%7))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty weekday list")
	}
	return out, nil
}

// parseDate reads "year-month-day", "month-day" or either with ~day (the
// day counted from the end of the month) into c's years and months and a
// day predicate.
func (c *calendar) parseDate(s string) (func(int, time.Month, int) bool, error) {
	head, tail, fromEnd := strings.Cut(s, "~")
	parts := strings.Split(head, "-")
	if fromEnd {
		parts = append(parts, countDown(tail))
	}
	if len(parts) == 2 {
		parts = append([]string{"*"}, parts...)
	}
	if len(parts) != 3 {
		return nil, fmt.Errorf("write year-month-day or month-day")
	}
	var err error
	if parts[0] != "*" {
		if c.years, err = component(parts[0], 0, 2199, 1); err != nil {
			return nil, err
		}
		for i, y := range c.years {
			if y < 100 { // two-digit years, as systemd reads them
				if y < 70 {
					c.years[i] = y + 2000
				} else {
					c.years[i] = y + 1900
				}
			}
		}
		c.years = uniqueSorted(c.years)
	}
	if c.months, err = component(parts[1], 1, 12, 1); err != nil {
		return nil, err
	}
	days, err := component(parts[2], 1, 31, 1)
	if err != nil {
		return nil, err
	}
	if !fromEnd {
		return func(_ int, _ time.Month, d int) bool { return slices.Contains(days, d) }, nil
	}
	return func(y int, m time.Month, d int) bool {
		return slices.Contains(days, daysIn(y, m)+1-d)
	}, nil
}

// countDown rewrites a repetition a/s counted from the end of the month
// (a, a-s, ... down to 1) as the range it covers, b..a/s.
func countDown(s string) string {
	items := strings.Split(s, ",")
	for i, item := range items {
		a, st, ok := strings.Cut(item, "/")
		if !ok || strings.Contains(a, "..") {
			continue
		}
		av, err1 := strconv.Atoi(a)
		sv, err2 := strconv.Atoi(st)
		if err1 != nil || err2 != nil || av < 1 || sv < 1 {
			continue
		}
		items[i] = fmt.Sprintf("%d..%d/%d", (av-1)%sv+1, av, sv)
	}
	return strings.Join(items, ",")
}

// parseClock reads "hour:minute[:second[.fraction]]".
func (c *calendar) parseClock(s string) error {
	parts := strings.Split(s, ":")
	if len(parts) == 2 {
		parts = append(parts, "00")
	}
	if len(parts) != 3 {
		return fmt.Errorf("write hour:minute or hour:minute:second")
	}
	var err error
	if c.hours, err = component(parts[0], 0, 23, 1); err != nil {
		return err
	}
	if c.minutes, err = component(parts[1], 0, 59, 1); err != nil {
		return err
	}
	c.micros, err = component(parts[2], 0, 59999999, 1e6)
	return err
}

// component reads a comma list of *, values, ranges a..b and repetitions
// a/step or a..b/step, within lo..hi. scale multiplies each number as
// read (1e6 for seconds with fractions).
func component(s string, lo, hi int, scale float64) ([]int, error) {
	var out []int
	for _, item := range strings.Split(s, ",") {
		rng, stepText, hasStep := strings.Cut(item, "/")
		from, to := lo, hi
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "..")
			var err error
			if from, err = number(a, scale); err != nil {
				return nil, err
			}
			to = from
			if isRange {
				if to, err = number(b, scale); err != nil {
					return nil, err
				}
			} else if hasStep {
				to = hi
			}
		}
		if from < lo || to > hi {
			return nil, fmt.Errorf("%q is out of range", item)
		}
		if from > to {
			return nil, fmt.Errorf("range %q is reversed", item)
		}
		step := 1
		if hasStep {
			st, err := number(stepText, scale)
			if err != nil || st < 1 {
				return nil, fmt.Errorf("repetition %q must be positive", stepText)
			}
			step = st
		} else if scale > 1 && rng == "*" {
			step = int(scale) // * seconds means every whole second
		}
		if (to-from)/step > 100000 {
			return nil, fmt.Errorf("%q lists too many values", item)
		}
		out = append(out, span(from, to, step)...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no values")
	}
	return uniqueSorted(out), nil
}

func number(s string, scale float64) (int, error) {
	if scale == 1 {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("%q is not a number", s)
		}
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || f > 1e9 || strings.ContainsAny(s, "eEnNxX") {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return int(math.Round(f * scale)), nil
}
