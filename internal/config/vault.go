package config

import (
	"fmt"
	"os"
	"regexp"
)

// Vault configures the vault connector's live path. A recorded inventory
// met in a scan is read whatever this says; a live Vault is reached only
// when Enabled is true (then the listed clusters, or the one VAULT_ADDR
// names) or a listed cluster says enabled: true itself, so that neither the
// demo nor a test ever reaches for a server by surprise.
type Vault struct {
	Enabled bool `yaml:"enabled"`
	// Clusters are the Vaults to read. The one with an empty name is the
	// default cluster, whose IDs start "vault:"; the others' start
	// "vault@NAME:".
	Clusters []VaultCluster `yaml:"clusters"`
	// Concurrency bounds the requests in flight per cluster; 0 means
	// DefaultVaultConcurrency.
	Concurrency int `yaml:"concurrency"`
}

// DefaultVaultConcurrency is what a zero Concurrency stands for.
const DefaultVaultConcurrency = 16

// VaultCluster is one Vault to read. Empty fields fall back to what
// vault/api's DefaultConfig reads from the environment (VAULT_ADDR,
// VAULT_TOKEN, VAULT_NAMESPACE, VAULT_CACERT, VAULT_CAPATH,
// VAULT_CLIENT_CERT, VAULT_CLIENT_KEY, VAULT_TLS_SERVER_NAME,
// VAULT_SKIP_VERIFY), as the vault CLI takes them.
type VaultCluster struct {
	Name      string `yaml:"name"`
	Address   string `yaml:"address"`
	Namespace string `yaml:"namespace"`
	// TokenEnv names the environment variable holding the token; the
	// token itself never belongs in the configuration file.
	TokenEnv      string `yaml:"token_env"`
	CACert        string `yaml:"ca_cert"`
	CAPath        string `yaml:"ca_path"`
	ClientCert    string `yaml:"client_cert"`
	ClientKey     string `yaml:"client_key"`
	TLSServerName string `yaml:"tls_server_name"`
	TLSSkipVerify bool   `yaml:"tls_skip_verify"`
	// Concurrency overrides Vault.Concurrency for this cluster.
	Concurrency int `yaml:"concurrency"`
	// Enabled, when set, turns this cluster on or off regardless of
	// Vault.Enabled.
	Enabled *bool `yaml:"enabled"`
}

// LiveClusters returns the clusters the live path reads: with Enabled, the
// listed clusters not switched off (or, when none are listed and VAULT_ADDR
// is set, the default cluster from the environment); without it, only the
// clusters that say enabled: true themselves.
func (v Vault) LiveClusters() []VaultCluster {
	var out []VaultCluster
	for _, c := range v.Clusters {
		if (c.Enabled == nil && v.Enabled) || (c.Enabled != nil && *c.Enabled) {
			out = append(out, c)
		}
	}
	if v.Enabled && len(v.Clusters) == 0 && os.Getenv("VAULT_ADDR") != "" {
		out = append(out, VaultCluster{})
	}
	return out
}

// Workers is the cluster's request bound with the defaults applied.
func (v Vault) Workers(c VaultCluster) int {
	switch {
	case c.Concurrency > 0:
		return c.Concurrency
	case v.Concurrency > 0:
		return v.Concurrency
	}
	return DefaultVaultConcurrency
}

var vaultClusterName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

func (v Vault) validate(c *Config) []error {
	var errs []error
	if v.Concurrency < 0 || v.Concurrency > 256 {
		errs = append(errs, c.Errorf("vault.concurrency", "concurrency must be between 1 and 256 (0 for the default), not %d", v.Concurrency))
	}
	seen := map[string]bool{}
	for i, cl := range v.Clusters {
		key := fmt.Sprintf("vault.clusters.%d", i)
		if cl.Name != "" && !vaultClusterName.MatchString(cl.Name) {
			errs = append(errs, c.Errorf(key+".name", "cluster name %q must be lower-case letters, digits, '.', '_' or '-' (it becomes part of node IDs: vault@NAME:)", cl.Name))
		}
		if seen[cl.Name] {
			errs = append(errs, c.Errorf(key+".name", "cluster %q is listed twice (an empty name is the default cluster)", cl.Name))
		}
		seen[cl.Name] = true
		if cl.Concurrency < 0 || cl.Concurrency > 256 {
			errs = append(errs, c.Errorf(key+".concurrency", "concurrency must be between 1 and 256 (0 for the default), not %d", cl.Concurrency))
		}
		if (cl.ClientCert == "") != (cl.ClientKey == "") {
			errs = append(errs, c.Errorf(key, "client_cert and client_key go together: give both or neither"))
		}
	}
	return errs
}
