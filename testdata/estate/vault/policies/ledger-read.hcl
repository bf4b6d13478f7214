# ledger-worker and the ledger GitLab pipeline: the ledger KV secret and the
# rotated static database credential.
path "secret/data/ledger/*" {
  capabilities = ["read"]
}

path "database/static-creds/ledger-app" {
  capabilities = ["read"]
}
