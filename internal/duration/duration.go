// Package duration reads and prints the durations convene's flags and files
// take — retention (--keep-for 90d), drift (--since 2w), change windows
// (2026-12-01T22:00Z/90m), serve.jitter — with one grammar for all of them:
// Go's durations (90m, 36h, 1h30m) plus days (d) and weeks (w), alone or in
// front (1d12h).
package duration

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Day and Week are the units Go's durations lack.
const (
	Day  = 24 * time.Hour
	Week = 7 * Day
)

// ErrSyntax is wrapped by every error of Parse.
var ErrSyntax = errors.New("not a duration")

// Parse reads a duration such as 2w, 7d, 1d12h, 36h, 90m or 1.5h. It
// refuses a negative or empty one; zero ("0", "0s") is accepted, and the
// caller decides whether it means anything.
func Parse(s string) (time.Duration, error) {
	bad := func() (time.Duration, error) {
		return 0, fmt.Errorf("%q is %w; write 2w, 7d, 36h or 90m", s, ErrSyntax)
	}
	rest := strings.TrimSpace(s)
	if rest == "" || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") {
		return bad()
	}
	var total time.Duration
	// Weeks and days come first, as in 1w2d or 1d12h; Go reads the rest.
	for _, u := range []struct {
		suffix byte
		unit   time.Duration
	}{{'w', Week}, {'d', Day}} {
		i := strings.IndexByte(rest, u.suffix)
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil || v < 0 || strings.ContainsAny(rest[:i], "eEinIN_x") {
			return bad()
		}
		if v > float64(math.MaxInt64)/float64(u.unit) {
			return bad()
		}
		total += time.Duration(v * float64(u.unit))
		rest = rest[i+1:]
	}
	if rest != "" {
		d, err := time.ParseDuration(rest)
		if err != nil || d < 0 || total > math.MaxInt64-d {
			return bad()
		}
		total += d
	}
	return total, nil
}

// Format prints d the way Parse reads it, shortest first: 2h rather than
// 2h0m0s, 1h30m, 3d, 1d12h. Durations with a fraction of a second print as
// Go prints them.
func Format(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	if d < 0 || d%time.Second != 0 {
		return d.String()
	}
	var sb strings.Builder
	for _, u := range []struct {
		name string
		unit time.Duration
	}{{"d", Day}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}} {
		if n := d / u.unit; n > 0 {
			sb.WriteString(strconv.FormatInt(int64(n), 10) + u.name)
			d -= n * u.unit
		}
	}
	return sb.String()
}
