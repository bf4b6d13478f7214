# The least-privilege policy convene's vault connector needs. It lists and
# reads configuration and metadata only: mount and auth tables, ACL
# policies, auth roles, KV v2 metadata, database/aws/pki role definitions.
# It grants nothing on KV v2 data/, on KV v1 secret paths beyond list, or on
# creds/, static-creds/ and issue/, so the token cannot read a secret value.
#
# "+" stands for any mount so that the file works as shipped. Vault ranks a
# rule with fewer "+" segments above a deny with more, so reads are granted
# on exactly one segment after role/ or roles/ (never role-id or
# secret-id). A KV v1 mount keeps secrets at any path, so "+/metadata/*" or
# "+/roles/+" would let the token read a KV v1 secret stored under such a
# folder: on a Vault with KV v1 mounts, replace "+" with your mount names.
# To map a KV v1 mount, add list (only) on it: path "kv1/*" { capabilities
# = ["list"] }.

path "sys/mounts" {
  capabilities = ["read"]
}

path "sys/auth" {
  capabilities = ["read"]
}

path "sys/seal-status" {
  capabilities = ["read"]
}

path "sys/policies/acl" {
  capabilities = ["list"]
}

path "sys/policies/acl/*" {
  capabilities = ["read"]
}

# KV v2: the metadata tree only, never data/.
path "+/metadata" {
  capabilities = ["list"]
}

path "+/metadata/*" {
  capabilities = ["list", "read"]
}

path "+/data/*" {
  capabilities = ["deny"]
}

# Auth roles (kubernetes, jwt/oidc, approle, aws) and userpass/ldap users and groups.
path "auth/+/role" {
  capabilities = ["list"]
}

path "auth/+/role/+" {
  capabilities = ["read"]
}

path "auth/+/users" {
  capabilities = ["list"]
}

path "auth/+/users/+" {
  capabilities = ["read"]
}

path "auth/+/groups" {
  capabilities = ["list"]
}

path "auth/+/groups/+" {
  capabilities = ["read"]
}

# cert auth (public CA certificates) and github auth team maps.
path "auth/+/certs" {
  capabilities = ["list"]
}

path "auth/+/certs/+" {
  capabilities = ["read"]
}

path "auth/+/map/teams" {
  capabilities = ["list"]
}

path "auth/+/map/teams/+" {
  capabilities = ["read"]
}

# Database, AWS and PKI role definitions; never creds/, static-creds/ or issue/.
path "+/roles" {
  capabilities = ["list"]
}

path "+/roles/+" {
  capabilities = ["read"]
}

path "+/static-roles" {
  capabilities = ["list"]
}

path "+/static-roles/+" {
  capabilities = ["read"]
}

path "+/creds/*" {
  capabilities = ["deny"]
}

path "+/static-creds/*" {
  capabilities = ["deny"]
}
