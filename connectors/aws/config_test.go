package aws

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/config"
)

// TestConfig checks the aws section of convene.yaml: the live path is off
// by default, and mistakes name their line.
func TestConfig(t *testing.T) {
	if config.Default().AWS.Live() {
		t.Fatal("the default configuration turns the live path on")
	}
	tests := []struct {
		yaml, err string
		live      bool
	}{
		{"version: 1\naws:\n  enabled: true\n", "", true},
		{"version: 1\naws:\n  regions: [eu-west-1]\n", "", true},
		{"version: 1\naws:\n  accounts:\n    - id: \"111122223333\"\n      role_name: convene-read\n      external_id: x\n", "", true},
		{"version: 1\naws:\n  regions: [Ireland]\n", `:3: region "Ireland" is not an AWS region name`, false},
		{"version: 1\naws:\n  accounts:\n    - id: \"1234\"\n", `:4: account id "1234" must be 12 digits`, false},
		{"version: 1\naws:\n  accounts:\n    - id: \"111122223333\"\n      external_id: x\n", ":5: external_id needs role_name", false},
		{"version: 1\naws:\n  max_attempts: 99\n", ":3: max_attempts must be between 1 and 20", false},
		{"version: 1\naws:\n  concurency: 3\n", `unknown key "concurency"`, false},
	}
	for _, tt := range tests {
		p := filepath.Join(t.TempDir(), "convene.yaml")
		if err := os.WriteFile(p, []byte(tt.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := config.Load(p)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%q: %v", tt.yaml, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q: error %v, want one containing %q", tt.yaml, err, tt.err)
		case err == nil && c.AWS.Live() != tt.live:
			t.Errorf("%q: Live() = %v", tt.yaml, c.AWS.Live())
		}
	}
}
