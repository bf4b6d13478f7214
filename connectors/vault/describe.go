package vault

// LiveSettings names the live path's convene.yaml settings and what its
// token must be allowed (`convene connectors --format json`).
func (*Connector) LiveSettings() (settings, permissions []string) {
	return []string{"vault.enabled", "vault.clusters", "vault.concurrency"},
		[]string{"read: sys/mounts, sys/auth, sys/seal-status", "list: sys/policies/acl; read: sys/policies/acl/*",
			"list, read: KV v2 metadata/ (never data/)", "list, read: auth roles, database/aws/pki role definitions",
			"the policy convene-reader.hcl shipped with the connector"}
}
