package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/convene-dev/convene/internal/config"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "convene.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	c := config.Default()
	want := config.Config{Version: 1, File: "(defaults)",
		Scan: config.Scan{Exclude: []string{}, MaxFileSize: 10 << 20, MaxExportSize: 1 << 30, Concurrency: 4}, Connectors: config.Connectors{Disable: []string{}},
		Serve:    config.Serve{Schedule: "@every 6h", Jitter: config.Duration(5 * time.Minute), Listen: "127.0.0.1:9464", Source: "default"},
		Findings: config.Findings{AccessKeyMaxAgeDays: 90, UnusedAfterDays: 90, BreakGlassRecentDays: 30, CertificateExpiryDays: 30},
		Planner:  config.Planner{WideBlastRadius: 25, BroadImpact: 5, ReachableBy: 10}}
	if diff := cmp.Diff(want, *c, cmpopts.IgnoreUnexported(config.Config{})); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestLoadOverlaysDefaults(t *testing.T) {
	p := write(t, "version: 1\nscan:\n  exclude: ['**/fixtures/**']\nconnectors:\n  disable:\n    - graph-file\n")
	c, err := config.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.Scan.Concurrency != 4 || c.Scan.MaxFileSize != 10<<20 {
		t.Errorf("defaults lost: %+v", c.Scan)
	}
	if diff := cmp.Diff([]string{"**/fixtures/**"}, c.Scan.Exclude); diff != "" {
		t.Error(diff)
	}
	if got := c.Line("connectors.disable.0"); got != 6 {
		t.Errorf("line of connectors.disable.0 = %d, want 6", got)
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"unknown key", "version: 1\nscan:\n  exclud: []\n", `:3: unknown key "exclud" in scan`},
		{"wrong type", "version: 1\nscan:\n  concurrency: many\n", ":3: cannot unmarshal !!str `many` into int"},
		{"no version", "scan:\n  concurrency: 2\n", ":1: no version; start the file with `version: 1`"},
		{"future version", "version: 7\n", ":1: version 7 is not supported"},
		{"bad range", "version: 1\nscan:\n  concurrency: 0\n", ":3: concurrency must be between 1 and 64"},
		{"bad glob", "version: 1\nscan:\n  exclude:\n    - ok/**\n    - '[bad'\n", `:5: exclude pattern "[bad" is not a valid glob`},
		{"syntax", "version: 1\nscan: [\n", "invalid YAML"},
		{"unclosed flow sequence", "version: 1\nscan:\n  exclude: [a, b\n  concurrency: 2\n", ":3: invalid YAML: a flow sequence [ … ] is not closed"},
		{"bad jitter", "version: 1\nserve:\n  jitter: soon\n", `:3: "soon" is not a duration; write 2w, 7d, 36h or 90m`},
		{"bad schedule", "version: 1\nserve:\n  schedule: every day\n", `:3: schedule "every day"`},
		{"bad invite role", "version: 1\nplanner:\n  invite:\n    high: [security, ciso]\n", `:4: unknown role "ciso"`},
		{"bad listen", "version: 1\nserve:\n  listen: 9464\n", `:3: listen "9464": give host:port`},
		{"negative grace", "version: 1\nfindings:\n  never_used_grace_days: -1\n", `:3: findings.never_used_grace_days must be 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, tt.body)
			_, err := config.Load(p)
			if err == nil || !strings.Contains(err.Error(), p+tt.want) && !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), p) {
				t.Errorf("err = %q does not start with the file name", err)
			}
		})
	}
	if _, err := config.Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "cannot read configuration") {
		t.Errorf("missing file: err = %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("version: 1\nscan:\n  exclude: ['**/x/**']\n  concurrency: 3\n"))
	f.Add([]byte("version: 1\nconnectors:\n  disable: [graph-file]\n"))
	f.Add([]byte("scan: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "convene.yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := config.Load(p)
		if err != nil {
			if !strings.HasPrefix(err.Error(), p) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if c.Version != config.Version || c.Scan.Concurrency < 1 || c.Scan.MaxFileSize <= 0 {
			t.Fatalf("invalid config accepted: %+v", c)
		}
	})
}
