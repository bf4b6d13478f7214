package schedule

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// addAWS reads an EventBridge expression: rate(N unit), cron(6 fields) or
// at(yyyy-mm-ddThh:mm:ss), in the schedule's time zone
// (ScheduleExpressionTimezone; EventBridge rules are always UTC).
func (s *Schedule) addAWS(expr string) error {
	// EventBridge reads expressions without a zone in UTC, so UTC is
	// known, not assumed.
	s.ZoneAssumed = false
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		d, err := parseRate(strings.TrimSuffix(strings.TrimPrefix(expr, "rate("), ")"))
		if err != nil {
			return fmt.Errorf("%s: %w", expr, err)
		}
		s.Phased = true
		s.specs = append(s.specs, spec{earliest: fixedRate{d}, every: d})
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		c, err := parseAWSCron(strings.TrimSuffix(strings.TrimPrefix(expr, "cron("), ")"), s.Location)
		if err != nil {
			return fmt.Errorf("%s: %w", expr, err)
		}
		s.specs = append(s.specs, spec{earliest: c})
	case strings.HasPrefix(expr, "at(") && strings.HasSuffix(expr, ")"):
		t, err := time.ParseInLocation("2006-01-02T15:04:05", strings.TrimSuffix(strings.TrimPrefix(expr, "at("), ")"), s.Location)
		if err != nil {
			return fmt.Errorf("%s: write at(yyyy-mm-ddThh:mm:ss)", expr)
		}
		s.specs = append(s.specs, spec{earliest: once(t)})
	default:
		return fmt.Errorf("%q: EventBridge takes rate(N unit), cron(minutes hours day-of-month month day-of-week year) or at(yyyy-mm-ddThh:mm:ss)", expr)
	}
	return nil
}

// parseRate reads "5 minutes": a positive whole number and minute(s),
// hour(s) or day(s), singular for 1 and plural otherwise, as EventBridge
// requires.
func parseRate(s string) (time.Duration, error) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, fmt.Errorf("write rate(value unit), such as rate(5 minutes)")
	}
	n, err := strconv.Atoi(f[0])
	if err != nil || n < 1 || n > 1e6 {
		return 0, fmt.Errorf("rate value %q must be a positive whole number", f[0])
	}
	unit := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}
	name := f[1]
	if n != 1 {
		var ok bool
		if name, ok = strings.CutSuffix(name, "s"); !ok {
			return 0, fmt.Errorf("rate unit %q must be plural for a value above 1 (minutes, hours, days)", f[1])
		}
	}
	u, ok := unit[name]
	if !ok {
		return 0, fmt.Errorf("rate unit %q: use minute(s), hour(s) or day(s)", f[1])
	}
	return time.Duration(n) * u, nil
}

// once is a single run, for at().
type once time.Time

func (o once) Next(t time.Time) time.Time {
	if time.Time(o).After(t) {
		return time.Time(o)
	}
	return time.Time{}
}

var awsMonths = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}

var awsDays = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

// parseAWSCron reads EventBridge's six fields. Supported: * , - / in every
// field; ? in day-of-month or day-of-week (exactly one of them must be ?);
// L (last day), NW (nearest weekday) and LW in day-of-month; L (Saturday),
// NL (last N-day of the month) and N#K (K-th N-day) in day-of-week, where
// 1 is Sunday; names JAN-DEC and SUN-SAT; years 1970-2199.
func parseAWSCron(s string, loc *time.Location) (*calendar, error) {
	f := strings.Fields(s)
	if len(f) != 6 {
		return nil, fmt.Errorf("has %d fields; EventBridge cron takes six: minutes hours day-of-month month day-of-week year", len(f))
	}
	c := &calendar{loc: loc, micros: []int{0}}
	var err error
	if c.minutes, err = awsList(f[0], 0, 59, nil); err != nil {
		return nil, fmt.Errorf("minutes %q: %w", f[0], err)
	}
	if c.hours, err = awsList(f[1], 0, 23, nil); err != nil {
		return nil, fmt.Errorf("hours %q: %w", f[1], err)
	}
	if c.months, err = awsList(f[3], 1, 12, awsMonths); err != nil {
		return nil, fmt.Errorf("month %q: %w", f[3], err)
	}
	if f[5] != "*" {
		if c.years, err = awsList(f[5], 1970, 2199, nil); err != nil {
			return nil, fmt.Errorf("year %q: %w", f[5], err)
		}
	}
	switch {
	case f[2] == "?" && f[4] == "?", f[2] != "?" && f[4] != "?":
		return nil, fmt.Errorf("exactly one of day-of-month and day-of-week must be ?")
	case f[4] == "?":
		c.day, err = awsDom(f[2])
		if err != nil {
			return nil, fmt.Errorf("day-of-month %q: %w", f[2], err)
		}
	default:
		c.day, err = awsDow(f[4])
		if err != nil {
			return nil, fmt.Errorf("day-of-week %q: %w", f[4], err)
		}
	}
	return c, nil
}

// awsList reads a comma list of *, values, ranges a-b and steps a/s,
// a-b/s, */s.
func awsList(s string, lo, hi int, names map[string]int) ([]int, error) {
	var out []int
	for _, item := range strings.Split(s, ",") {
		rng, stepText, hasStep := strings.Cut(item, "/")
		from, to := lo, hi
		if rng != "*" {
			a, b, isRange := strings.Cut(rng, "-")
			var err error
			if from, err = awsValue(a, names); err != nil {
				return nil, err
			}
			to = from
			if isRange {
				if to, err = awsValue(b, names); err != nil {
					return nil, err
				}
			} else if hasStep {
				to = hi
			}
		}
		if from < lo || to > hi {
			return nil, fmt.Errorf("%q is out of range %d-%d", item, lo, hi)
		}
		if from > to {
			return nil, fmt.Errorf("range %q is reversed", item)
		}
		step := 1
		if hasStep {
			st, err := strconv.Atoi(stepText)
			if err != nil || st < 1 {
				return nil, fmt.Errorf("step %q must be a positive number", stepText)
			}
			step = st
		}
		out = append(out, span(from, to, step)...)
	}
	return uniqueSorted(out), nil
}

func awsValue(s string, names map[string]int) (int, error) {
	if v, ok := names[strings.ToUpper(s)]; ok {
		return v, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number or name", s)
	}
	return n, nil
}

// awsDom reads day-of-month with L, NW and LW.
func awsDom(s string) (func(int, time.Month, int) bool, error) {
	var preds []func(int, time.Month, int) bool
	for _, item := range strings.Split(s, ",") {
		switch {
		case item == "L":
			preds = append(preds, func(y int, m time.Month, d int) bool { return d == daysIn(y, m) })
		case item == "LW":
			preds = append(preds, func(y int, m time.Month, d int) bool { return d == nearestWeekday(y, m, daysIn(y, m)) })
		case strings.HasSuffix(item, "W"):
			n, err := strconv.Atoi(strings.TrimSuffix(item, "W"))
			if err != nil || n < 1 || n > 31 {
				return nil, fmt.Errorf("%q: write NW with N from 1 to 31", item)
			}
			preds = append(preds, func(y int, m time.Month, d int) bool { return n <= daysIn(y, m) && d == nearestWeekday(y, m, n) })
		default:
			days, err := awsList(item, 1, 31, nil)
			if err != nil {
				return nil, err
			}
			preds = append(preds, func(_ int, _ time.Month, d int) bool { return slices.Contains(days, d) })
		}
	}
	return anyOf(preds), nil
}

// nearestWeekday is the Monday-to-Friday day nearest to day n, staying in
// the month, as Quartz's W does.
func nearestWeekday(y int, m time.Month, n int) int {
	switch time.Date(y, m, n, 0, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday:
		if n == 1 {
			return 3
		}
		return n - 1
	case time.Sunday:
		if n == daysIn(y, m) {
			return n - 2
		}
		return n + 1
	}
	return n
}

// awsDow reads day-of-week (1 = Sunday) with L, NL and N#K.
func awsDow(s string) (func(int, time.Month, int) bool, error) {
	var preds []func(int, time.Month, int) bool
	wd := func(y int, m time.Month, d int) int {
		return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday()) + 1
	}
	for _, item := range strings.Split(s, ",") {
		switch {
		case item == "L":
			preds = append(preds, func(y int, m time.Month, d int) bool { return wd(y, m, d) == 7 })
		case strings.HasSuffix(item, "L"):
			n, err := awsValue(strings.TrimSuffix(item, "L"), awsDays)
			if err != nil || n < 1 || n > 7 {
				return nil, fmt.Errorf("%q: write NL with N from 1 (SUN) to 7 (SAT)", item)
			}
			preds = append(preds, func(y int, m time.Month, d int) bool { return wd(y, m, d) == n && d+7 > daysIn(y, m) })
		case strings.Contains(item, "#"):
			a, b, _ := strings.Cut(item, "#")
			n, err := awsValue(a, awsDays)
			k, err2 := strconv.Atoi(b)
			if err != nil || err2 != nil || n < 1 || n > 7 || k < 1 || k > 5 {
				return nil, fmt.Errorf("%q: write N#K with N from 1 (SUN) to 7 (SAT) and K from 1 to 5", item)
			}
			preds = append(preds, func(y int, m time.Month, d int) bool { return wd(y, m, d) == n && (d-1)/7+1 == k })
		default:
			days, err := awsList(item, 1, 7, awsDays)
			if err != nil {
				return nil, err
			}
			preds = append(preds, func(y int, m time.Month, d int) bool { return slices.Contains(days, wd(y, m, d)) })
		}
	}
	return anyOf(preds), nil
}

func anyOf(preds []func(int, time.Month, int) bool) func(int, time.Month, int) bool {
	return func(y int, m time.Month, d int) bool {
		for _, p := range preds {
			if p(y, m, d) {
				return true
			}
		}
		return false
	}
}
