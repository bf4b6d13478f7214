# payments-api (Kubernetes, Vault Agent) reads the payments secrets.
path "secret/data/payments/*" {
  capabilities = ["read"]
}

path "secret/metadata/payments/*" {
  capabilities = ["list", "read"]
}
