package config

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Observed configures what audit trails (Vault audit logs, CloudTrail)
// count as observed use, and how their addresses are tied to hosts
// (docs/observed.md).
type Observed struct {
	// Since bounds what counts: entries older than this before the scan
	// are left out. Zero counts every entry read.
	Since Age `yaml:"since"`
	// Addresses maps a host's name (as in host:NAME) to the addresses it
	// uses, so that a key used from one of them is tied to the host's
	// configured consumers rather than reported as a hidden one.
	Addresses map[string][]string `yaml:"addresses"`
	// Now is the time Since is measured from, set by the application so
	// that a scan has one clock; time.Now when nil.
	Now func() time.Time `yaml:"-"`
}

// Age is a length of time written as Go writes durations (72h, 90m) or in
// days (30d).
type Age time.Duration

// UnmarshalText reads "30d", "12h" or "0".
func (a *Age) UnmarshalText(b []byte) error {
	d, err := ParseAge(string(b))
	if err != nil {
		return err
	}
	*a = Age(d)
	return nil
}

// ParseAge reads a length of time in days ("30d") or as a Go duration
// ("720h"). It must not be negative.
func ParseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var d time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number of days; write 30d or 720h", s)
		}
		d = time.Duration(days) * 24 * time.Hour
	} else if s == "0" || s == "" {
		d = 0
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not a length of time; write 30d or 720h", s)
		}
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// Cutoff returns the earliest time that counts, measured from Now; zero
// when Since is zero.
func (o Observed) Cutoff() time.Time {
	if o.Since <= 0 {
		return time.Time{}
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	return now().Add(-time.Duration(o.Since))
}

// HostOf returns the configured host whose addresses include addr, or "".
func (o Observed) HostOf(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return ""
	}
	for _, h := range slices.Sorted(maps.Keys(o.Addresses)) {
		for _, s := range o.Addresses[h] {
			if p, err := netip.ParsePrefix(s); err == nil && p.Contains(a) {
				return h
			}
			if b, err := netip.ParseAddr(s); err == nil && b == a {
				return h
			}
		}
	}
	return ""
}

func (o Observed) validate(c *Config) []error {
	var errs []error
	for _, h := range slices.Sorted(maps.Keys(o.Addresses)) {
		if !hostName.MatchString(h) {
			errs = append(errs, c.Errorf("observed.addresses."+h, "host name %q must be letters, digits, '.', '_' or '-' (as in host:NAME)", h))
		}
		for i, s := range o.Addresses[h] {
			_, perr := netip.ParsePrefix(s)
			_, aerr := netip.ParseAddr(s)
			if perr != nil && aerr != nil {
				errs = append(errs, c.Errorf(fmt.Sprintf("observed.addresses.%s.%d", h, i), "%q is not an IP address or CIDR prefix", s))
			}
		}
	}
	return errs
}
