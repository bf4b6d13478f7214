# The nightly warehouse export and the data-etl role: dynamic read-only
# database credentials and the warehouse connection settings.
path "database/creds/warehouse-readonly" {
  capabilities = ["read"]
}

path "secret/data/data-platform/warehouse" {
  capabilities = ["read"]
}

# The nightly ETL also provisions the AppRoles of the batch jobs it starts.
path "auth/approle/role/*" {
  capabilities = ["create", "read", "update"]
}
