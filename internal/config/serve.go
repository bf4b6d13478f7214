package config

import (
	"net"

	"github.com/robfig/cron/v3"
)

// Serve configures `convene serve`: scheduled scans and the metrics
// endpoint.
type Serve struct {
	Schedule string   `yaml:"schedule"`
	Jitter   Duration `yaml:"jitter"`
	Listen   string   `yaml:"listen"`
	Source   string   `yaml:"source"`
}

// ScheduleParser reads serve.schedule: five cron fields or a descriptor
// such as @every 6h or @daily.
var ScheduleParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

func (s Serve) validate(c *Config) []error {
	var errs []error
	if _, err := ScheduleParser.Parse(s.Schedule); err != nil {
		errs = append(errs, c.Errorf("serve.schedule", "schedule %q: %v; write five cron fields or @every 6h", s.Schedule, err))
	}
	if s.Jitter < 0 {
		errs = append(errs, c.Errorf("serve.jitter", "jitter must not be negative"))
	}
	if _, _, err := net.SplitHostPort(s.Listen); err != nil {
		errs = append(errs, c.Errorf("serve.listen", "listen %q: give host:port, such as 127.0.0.1:9464", s.Listen))
	}
	if s.Source == "" {
		errs = append(errs, c.Errorf("serve.source", "source must not be empty"))
	}
	return errs
}
