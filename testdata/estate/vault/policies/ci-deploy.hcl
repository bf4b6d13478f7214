# GitHub Actions jobs of payments-api (deploy, the nightly reconcile): the
# secrets directly under payments/, one level deep ("+" matches one segment).
path "secret/data/payments/+" {
  capabilities = ["read"]
}
