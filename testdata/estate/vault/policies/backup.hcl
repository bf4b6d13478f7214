# The restic backup on batch-01 (approle backup-agent).
path "secret/data/backup/*" {
  capabilities = ["read"]
}
