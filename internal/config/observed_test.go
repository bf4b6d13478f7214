package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestObservedSince(t *testing.T) {
	tests := []struct {
		yaml    string
		want    time.Duration
		wantErr string
	}{
		{"since: 30d", 30 * 24 * time.Hour, ""},
		{"since: 720h", 720 * time.Hour, ""},
		{"since: 0", 0, ""},
		{"since: soon", 0, `"soon" is not a length of time`},
		{"since: -3d", 0, `"-3d" is negative`},
	}
	for _, tt := range tests {
		p := filepath.Join(t.TempDir(), "convene.yaml")
		if err := os.WriteFile(p, []byte("version: 1\nobserved:\n  "+tt.yaml+"\n  addresses: {batch-01: [10.20.0.15, 10.30.0.0/16]}\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(p)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want %q", tt.yaml, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.yaml, err)
		}
		if got := time.Duration(c.Observed.Since); got != tt.want {
			t.Errorf("%s: since %v, want %v", tt.yaml, got, tt.want)
		}
		if h := c.Observed.HostOf("10.30.4.5"); h != "batch-01" {
			t.Errorf("HostOf in prefix = %q", h)
		}
		if h := c.Observed.HostOf("10.20.0.15"); h != "batch-01" {
			t.Errorf("HostOf address = %q", h)
		}
		if h := c.Observed.HostOf("203.0.113.77"); h != "" {
			t.Errorf("HostOf unknown = %q", h)
		}
	}
}

func TestObservedCutoff(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	o := Observed{Now: func() time.Time { return now }}
	if c := o.Cutoff(); !c.IsZero() {
		t.Errorf("no since: cutoff %v, want none", c)
	}
	o.Since = Age(30 * 24 * time.Hour)
	if c, want := o.Cutoff(), now.AddDate(0, 0, -30); !c.Equal(want) {
		t.Errorf("cutoff %v, want %v", c, want)
	}
}
