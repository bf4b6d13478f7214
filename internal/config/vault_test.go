package config

import (
	"strings"
	"testing"
)

func TestVaultValidate(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"ok", "version: 1\nvault:\n  enabled: true\n  clusters:\n    - {name: \"\", address: https://v:8200}\n    - {name: eu, token_env: VAULT_EU_TOKEN}\n", ""},
		{"bad name", "version: 1\nvault:\n  clusters:\n    - name: EU West\n", "x.yaml:4: cluster name \"EU West\" must be lower-case"},
		{"twice", "version: 1\nvault:\n  clusters:\n    - name: eu\n    - name: eu\n", "x.yaml:5: cluster \"eu\" is listed twice"},
		{"concurrency", "version: 1\nvault:\n  concurrency: 1000\n", "x.yaml:3: concurrency must be between 1 and 256"},
		{"half tls", "version: 1\nvault:\n  clusters:\n    - client_cert: c.pem\n", "client_cert and client_key go together"},
		{"unknown key", "version: 1\nvault:\n  token: s.abc\n", "unknown key \"token\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse("x.yaml", []byte(tt.yaml), true)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestVaultLiveClusters(t *testing.T) {
	on, off := true, false
	t.Setenv("VAULT_ADDR", "")
	v := Vault{Clusters: []VaultCluster{{Name: "a"}, {Name: "b", Enabled: &on}, {Name: "c", Enabled: &off}}}
	if got := names(v.LiveClusters()); got != "b" {
		t.Errorf("disabled: LiveClusters() = %q, want b", got)
	}
	v.Enabled = true
	if got := names(v.LiveClusters()); got != "a,b" {
		t.Errorf("enabled: LiveClusters() = %q, want a,b", got)
	}
	if got := (Vault{Enabled: true}).LiveClusters(); len(got) != 0 {
		t.Errorf("enabled without VAULT_ADDR: LiveClusters() = %v, want none", got)
	}
	if w := v.Workers(VaultCluster{}); w != DefaultVaultConcurrency {
		t.Errorf("Workers() = %d, want %d", w, DefaultVaultConcurrency)
	}
}

func names(cs []VaultCluster) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return strings.Join(out, ",")
}
