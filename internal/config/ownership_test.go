package config

import (
	"strings"
	"testing"
)

func TestOwnershipTagKeys(t *testing.T) {
	for _, tc := range []struct {
		yaml, err string
	}{
		{"version: 1\nownership:\n  tag_keys: [tag.team, annotation.owner]\n", ""},
		{"version: 1\nownership:\n  tag_keys: [team]\n", `f.yaml:3: owner tag key "team" must be tag.<key> or annotation.<key>`},
		{"version: 1\nownership:\n  tag_keys: [tag.app.kubernetes.io/managed-by]\n", `names the tool that manages a resource, not its owner`},
	} {
		c, err := parse("f.yaml", []byte(tc.yaml), true)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("%q: %v", tc.yaml, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.err)
		case tc.err == "" && len(c.Ownership.TagKeys) != 2:
			t.Errorf("tag keys = %v", c.Ownership.TagKeys)
		}
	}
}
