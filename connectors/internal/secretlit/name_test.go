package secretlit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// nameCase is one name with what Name, KeyIDName and CredentialName say of it.
type nameCase struct {
	name                string
	secret, keyID, cred bool
}

func TestName(t *testing.T) {
	for _, tc := range []nameCase{
		{"DB_PASSWORD", true, false, true},
		{"npm_token", true, false, true},
		{"AWS_SECRET_ACCESS_KEY", true, false, true},
		{"AWS_SESSION_TOKEN", true, false, true},
		{"KUBECONFIG", true, false, true},
		{"VAULT_AUTH_ROLE", false, false, false},
		{"TOKEN_URL", false, false, false},
		{"DEPLOY_ENV", false, false, false},
		{"ROLE_ARN", false, false, false},
		{"AUTH_HEADER", false, false, false},
		{"", false, false, false},
		{"_", false, false, false},
		// Inputs of actions are -separated.
		{"openai-api-key", true, false, true},
		{"github-token", true, false, true},
		{"token", true, false, true},
		{"token-url", false, false, false},
		// A list of secrets to fetch names them.
		{"secrets", false, false, false},
		{"repo_secrets", false, false, false},
		{"common_secrets", false, false, false},
	} {
		check(t, tc)
	}
}

// TestNameMerged holds the names on which the three rules the connectors
// had (the CI rule of this package, shellcmd.IsCredentialName and the MCP
// connector's credentialName) disagreed, run over the variable, key,
// input and flag names of the shared corpus and the sample estate, with
// what the one rule says now; and the kinds each rule alone knew.
func TestNameMerged(t *testing.T) {
	for _, tc := range []nameCase{
		// An access key's ID is the public half of a static key: a
		// credential name (the job uses a static key), not a secret.
		{"AWS_ACCESS_KEY_ID", false, true, true},
		{"aws_access_key_id", false, true, true},
		{"aws-access-key-id", false, true, true},
		{"accessKeyId", false, true, true},
		{"MINIO_ACCESS_KEY", true, false, true}, // the ID under some tools' names, a key under others: a secret
		{"accessKeyIDSecretRef", false, false, false},
		// Compound last words (the shell rule's exact names, and more).
		{"PGPASSWORD", true, false, true},
		{"GHTOKEN", true, false, true},
		{"MYSQL_PWD", true, false, true},
		{"PWD", false, false, false}, // the shell's working directory
		{"OLDPWD", false, false, false},
		// camelCase, as MCP inputs, Groovy variables and manifests write them.
		{"githubToken", true, false, true},
		{"apiKey", true, false, true},
		{"sessionToken", true, false, true},
		{"secretKey", true, false, true},
		{"jwtKeyPassword", true, false, true},
		{"exportToken", true, false, true},
		{"outputToken", true, false, true},
		{"kubernetesServiceAccountToken", true, false, true},
		{"secretKeyRef", false, false, false},
		{"secretName", false, false, false},
		{"secretStoreRef", false, false, false},
		{"passwordVariable", false, false, false},
		{"credentialsId", false, false, false},
		{"kubernetesTokenPath", false, false, false},
		{"automountServiceAccountToken", true, false, true}, // its value is a boolean, which Value rejects
		// Headers.
		{"Authorization", true, false, true},
		{"Proxy-Authorization", true, false, true},
		{"Cookie", true, false, true},
		{"x-functions-key", true, false, true},
		{"X-API-Key", true, false, true},
		// Personal access tokens.
		{"AGENT_GITHUB_PAT", true, false, true},
		{"HAS_PATCH", false, false, false},
		{"OSS_MODULE_PATTERN", false, false, false},
		{"gem_path_prefix", false, false, false},
		// Connection strings and database URLs.
		{"DATABASE_URL", true, false, true},
		{"db-url", true, false, true},
		{"PG_URI", true, false, true},
		{"REDIS_URL", true, false, true},
		{"SQLALCHEMY_DATABASE_URI", true, false, true},
		{"CONNECTION_STRING", true, false, true},
		{"connectionString", true, false, true},
		{"SENTRY_DSN", true, false, true},
		{"SERVICE_URL", false, false, false},
		{"SECRETS_MANAGER_ENDPOINT", false, false, false},
		// Settings about a credential, named by the head word.
		{"token_ttl", false, false, false},
		{"token_max_ttl", false, false, false},
		{"token_policies", false, false, false},
		{"token_bound_cidrs", false, false, false},
		{"token_num_uses", false, false, false},
		{"token_type", false, false, false},
		{"client_token_accessor", false, false, false},
		{"secret_id_ttl", false, false, false},
		{"secret_id_num_uses", false, false, false},
		{"secret_scanning", false, false, false},
		{"GH_AW_SECRET_NAMES", false, false, false},
		{"GH_AW_TOKEN_USAGE_SUMMARY_TITLE", false, false, false},
		{"GH_AW_EFFECTIVE_TOKENS", false, false, false},
		{"oauth_token_check_failed", false, false, false},
		{"USE_GKE_GCLOUD_AUTH_PLUGIN", false, false, false},
		{"KEY_ALGORITHM", false, false, false},
		{"private_key_type", false, false, false},
		{"password-command", false, false, false},
		{"credential_type", false, false, false},
		{"SecretList", false, false, false},
		{"secretString", false, false, false},
		{"STRIPE_API_KEY_SECRET_ARN", false, false, false},
		// A certificate is public; its key is the secret.
		{"VAULT_CLIENT_CERT", false, false, false},
		{"Certificate", false, false, false},
		{"private", false, false, false},
		{"tls.key", true, false, true},
		{"SSH_PUBLIC_KEY", false, false, false}, // every former rule said yes
		{"publicKey", false, false, false},
		{"DEPLOY_PUBKEY", false, false, false},
		{"private-key", true, false, true},
		// A Vault AppRole's secret ID is a secret; other IDs are not.
		{"VAULT_SECRET_ID", true, false, true},
		{"secret_id", true, false, true},
		{"CLIENT_ID", false, false, false},
		// Registry logins.
		{"DOCKER_AUTH_CONFIG", true, false, true},
		{".dockerconfigjson", true, false, true},
		{"DOCKER_CONFIG", false, false, false}, // a folder
		// Qualifiers after the head word.
		{"SECRET1", true, false, true},
		{"SECRET_KEY_BASE", true, false, true},
		{"DEPLOY_TOKEN_B64", true, false, true},
		{"API_TOKEN_PROD", true, false, true},
		// Words the rules shared.
		{"persist-credentials", true, false, true}, // a boolean, which Value rejects
		{"jwt", true, false, true},
		{"auth", true, false, true},
		{"logfire-read-key", true, false, true},
		{"postgres-password", true, false, true},
		{"id-token", true, false, true},
		{"SLACK_WEBHOOK_SECRET", true, false, true},
		{"RESTIC_PASSWORD", true, false, true},
		{"BORG_PASSPHRASE", true, false, true},
		{"VAULT_TOKEN", true, false, true},
		{"GOOGLE_APPLICATION_CREDENTIALS", true, false, true},
		// The other names of the corpus the former rules disagreed on.
		{"Auth", true, false, true},
		{"COMMON_SECRETS", false, false, false},
		{"GH_AW_DAILY_AI_CREDITS_TOTAL_EFFECTIVE_TOKENS", false, false, false},
		{"GH_AW_OAUTH_TOKEN_CHECK_FAILED", false, false, false},
		{"Key", true, false, true},
		{"LoadCredentialEncrypted", false, false, false},
		{"OTHER_SECRET_OUTPUT", false, false, false},
		{"Proxy-Authorization-Token", true, false, true},
		{"REPO_SECRETS", false, false, false},
		{"SECRET2", true, false, true},
		{"SECRETS", false, false, false},
		{"SECRETS_AWS_PACKAGING_ROLE_TO_ASSUME", false, false, false},
		{"SecretVersionsToStages", false, false, false},
		{"XPACK_MODULE_PATTERN", false, false, false},
		{"certificate", false, false, false},
		{"close-older-key", true, false, true}, // a gh-aw setting in a Markdown page no connector reads
		{"credentials", true, false, true},
		{"daily_ai_credits_total_effective_tokens", false, false, false},
		{"difc-proxy-ca-cert", false, false, false},
		{"effective_tokens", false, false, false},
		{"externalSecretName", false, false, false},
		{"externalSecretSpec", false, false, false},
		{"getIDToken", true, false, true}, // a script's function, never a key with a value
		{"has_patch", false, false, false},
		{"id_tokens", false, false, false},
		{"key", true, false, true},
		{"local_secret_ids", false, false, false},
		{"logfire-variable-key", true, false, true}, // its value names a variable: Value rejects it
		{"secret", true, false, true},
		{"secretAccessKeySecretRef", false, false, false},
		{"secretEncodingType", false, false, false},
		{"secretId", true, false, true}, // vault-action's AppRole secret ID input
		{"secretKeyVariable", false, false, false},
		{"secretObjects", false, false, false},
		{"secretProviderClass", false, false, false},
		{"secretRef", false, false, false},
		{"secretStoreRefs", false, false, false},
		{"secret_id_accessor", false, false, false},
		{"secret_id_bound_cidrs", false, false, false},
		{"secret_scanning_push_protection", false, false, false},
		{"secretsmanager", false, false, false},
		{"shared-credentials", true, false, true},          // an object's name, not a key
		{"subjectFromWebIdentityToken", true, false, true}, // a CloudTrail field no connector reads by name
		{"token.actions.githubusercontent.com", false, false, false},
		{"tokenSecretRef", false, false, false},
		{"token_explicit_max_ttl", false, false, false},
		{"token_no_default_policy", false, false, false},
		{"token_period", false, false, false},
	} {
		check(t, tc)
	}
}

func check(t *testing.T, tc nameCase) {
	t.Helper()
	got := nameCase{tc.name, Name(tc.name), KeyIDName(tc.name), CredentialName(tc.name)}
	if diff := cmp.Diff(tc, got, cmp.AllowUnexported(nameCase{})); diff != "" {
		t.Errorf("%s (-want +got):\n%s", tc.name, diff)
	}
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"DB_PASSWORD", "aws-access-key-id", "githubToken", "DATABASE_URL", "PWD", "SECRET1", "", "__", "aB1-", "ÄÖ_token"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		secret, id, cred := Name(s), KeyIDName(s), CredentialName(s)
		if cred != (secret || id) || (secret && id) {
			t.Errorf("%q: Name %v, KeyIDName %v, CredentialName %v", s, secret, id, cred)
		}
	})
}

// BenchmarkName runs the rule over names of every kind: CI variables,
// camelCase inputs, headers, compound and connection-string names.
func BenchmarkName(b *testing.B) {
	names := []string{"DB_PASSWORD", "AWS_ACCESS_KEY_ID", "githubToken", "Proxy-Authorization", "PGPASSWORD",
		"SQLALCHEMY_DATABASE_URI", "token_max_ttl", "secretKeyRef", "DEPLOY_ENV", "openai-api-key"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, n := range names {
			CredentialName(n)
		}
	}
}
