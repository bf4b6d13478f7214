package config

// Findings sets the thresholds of the findings rules.
type Findings struct {
	// AccessKeyMaxAgeDays flags active access keys older than this.
	AccessKeyMaxAgeDays int `yaml:"access_key_max_age_days"`
	// UnusedAfterDays flags identities and credentials unused this long.
	UnusedAfterDays int `yaml:"unused_after_days"`
	// BreakGlassRecentDays flags emergency access used this recently.
	BreakGlassRecentDays int `yaml:"break_glass_recent_days"`
	// NeverUsedGraceDays spares never-used identities and credentials
	// created less than this long ago; 0 takes UnusedAfterDays.
	NeverUsedGraceDays int `yaml:"never_used_grace_days"`
	// CertificateExpiryDays flags certificates expired or expiring within
	// this many days.
	CertificateExpiryDays int `yaml:"certificate_expiry_days"`
}

func (f Findings) validate(c *Config) []error {
	var errs []error
	for key, v := range map[string]int{
		"findings.access_key_max_age_days": f.AccessKeyMaxAgeDays,
		"findings.unused_after_days":       f.UnusedAfterDays,
		"findings.break_glass_recent_days": f.BreakGlassRecentDays,
		"findings.certificate_expiry_days": f.CertificateExpiryDays,
	} {
		if v < 1 {
			errs = append(errs, c.Errorf(key, "%s must be a positive number of days", key))
		}
	}
	if f.NeverUsedGraceDays < 0 {
		errs = append(errs, c.Errorf("findings.never_used_grace_days", "findings.never_used_grace_days must be 0 (the unused_after_days period) or a positive number of days"))
	}
	return errs
}
