package secretlit

import (
	"strings"
	"unicode"
)

// The name rule reads a name as words (split at _ - . and spaces, and
// where camelCase starts a word: githubToken is GITHUB TOKEN) and looks at
// its head, the last word once qualifiers such as _B64, _PROD or a number
// are dropped: English puts what a thing is last, so DB_PASSWORD is a
// password while TOKEN_TTL, secret_id_num_uses and secretKeyRef are
// settings about one. Which words count, and why, is listed below; the
// table tests hold every name the connectors' former rules disagreed on.

// secretHeads are head words that say the value is a secret. A
// certificate is public (its key is the secret), so CERT is not one.
var secretHeads = map[string]bool{
	"TOKEN": true, "SECRET": true, "PASSWORD": true, "PASSWD": true, "PASS": true, "PWD": true,
	"PASSPHRASE": true, "KEY": true, "APIKEY": true, "CREDENTIAL": true, "CREDENTIALS": true,
	"CREDS": true, "AUTH": true, "DSN": true, "KUBECONFIG": true, "JWT": true, "SAS": true, "PAT": true,
	// HTTP headers that carry a credential.
	"AUTHORIZATION": true, "COOKIE": true,
}

// compoundHeads end a head word written without a separator: PGPASSWORD,
// GHTOKEN, CLIENTSECRET. Short words (KEY, PASS, PWD) are left out: they
// end too many other words (HOTKEY, BYPASS, OLDPWD).
var compoundHeads = []string{"PASSWORD", "PASSWD", "PASSPHRASE", "TOKEN", "SECRET", "APIKEY"}

// qualifiers may follow the head word without changing what the value is:
// its encoding or the environment it is for.
var qualifiers = map[string]bool{
	"B64": true, "BASE64": true, "ENCODED": true, "RAW": true, "VALUE": true, "PLAIN": true,
	"PLAINTEXT": true, "PEM": true, "JSON": true, "BASE": true, "PROD": true, "PRODUCTION": true,
	"STAGING": true, "DEV": true, "TEST": true, "QA": true, "LIVE": true, "OLD": true, "NEW": true,
	"CURRENT": true, "PREVIOUS": true, "PRIMARY": true, "SECONDARY": true, "RO": true, "RW": true,
}

// dataWords name a database or broker: a URL or URI named after one
// (DATABASE_URL, PG_URI, REDIS_URL) is a connection string, which holds
// the password when there is one.
var dataWords = map[string]bool{
	"DATABASE": true, "DB": true, "POSTGRES": true, "POSTGRESQL": true, "PG": true, "MYSQL": true,
	"MARIADB": true, "MONGO": true, "MONGODB": true, "REDIS": true, "SQL": true, "JDBC": true,
	"AMQP": true, "RABBITMQ": true, "CLICKHOUSE": true, "MSSQL": true,
}

// Name reports whether a variable's, input's, header's or key's name says
// its value is a secret, whatever the case or separator: its head word is
// a secret word (DB_PASSWORD, npm_token, AWS_SECRET_ACCESS_KEY,
// openai-api-key, githubToken, Authorization, GITHUB_PAT) or ends with one
// (PGPASSWORD, GHTOKEN), or the name is a connection string (DATABASE_URL,
// PG_URI, CONNECTION_STRING), a registry login (DOCKER_AUTH_CONFIG) or a
// Vault AppRole's secret ID (VAULT_SECRET_ID). A setting about a
// credential (VAULT_AUTH_ROLE, TOKEN_URL, token_ttl, secretKeyRef), a list
// of them (repo_secrets), a public key, the shell's PWD and an access
// key's ID (AWS_ACCESS_KEY_ID: KeyIDName) are not. The inline-secret
// records use Name: only a secret written inline is one.
func Name(name string) bool {
	ws := head(words(name))
	if len(ws) == 0 {
		return false
	}
	h := ws[len(ws)-1]
	switch {
	case len(ws) == 1 && h == "PWD": // the shell's working directory
		return false
	case endsWith(ws, "PUBLIC", "KEY") || h == "PUBKEY" || h == "PUBLICKEY": // the other half is the secret
		return false
	case secretHeads[h] || secretHeads[strings.TrimRight(h, "0123456789")]:
		return true
	case endsWith(ws, "SECRET", "ID"), endsWith(ws, "CONNECTION", "STRING"), endsWith(ws, "CONN", "STRING"), endsWith(ws, "CONN", "STR"):
		return true
	case endsWith(ws, "AUTH", "CONFIG"), h == "DOCKERCONFIGJSON": // a registry login (GitLab's DOCKER_AUTH_CONFIG, .dockerconfigjson)
		return true
	case h == "URL" || h == "URI":
		for _, w := range ws[:len(ws)-1] {
			if dataWords[w] {
				return true
			}
		}
		return false
	}
	for _, c := range compoundHeads {
		if len(h) > len(c) && strings.HasSuffix(h, c) {
			return true
		}
	}
	return false
}

// KeyIDName reports whether a name says its value is an access key's ID
// (AWS_ACCESS_KEY_ID, aws-access-key-id, accessKeyId): the public half of
// a static key. A job given one uses a static key, but the ID alone is an
// identifier, which AWS does not treat as secret: Name is false for it.
func KeyIDName(name string) bool {
	ws := words(name)
	return endsWith(ws, "ACCESS", "KEY", "ID") || endsWith(ws, "ACCESSKEY", "ID") || endsWith(ws, "ACCESSKEYID")
}

// CredentialName reports whether a name says its value is a credential or
// part of one: Name or KeyIDName. Connectors that record which variables
// a workload relies on for credentials use it; those that record inline
// secrets use Name.
func CredentialName(name string) bool { return Name(name) || KeyIDName(name) }

// words splits a name into upper-case words at _ - . and white space, and
// where a lower-case letter or digit is followed by an upper-case one or
// an upper-case run by a capitalised word (IDToken: ID TOKEN).
func words(name string) []string {
	var out []string
	rs := []rune(name)
	start := 0
	flush := func(end int) {
		if end > start {
			out = append(out, strings.ToUpper(string(rs[start:end])))
		}
	}
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.' || unicode.IsSpace(r):
			flush(i)
			start = i + 1
		case i > start && unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1])),
			i > start && unicode.IsUpper(r) && unicode.IsUpper(rs[i-1]) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return out
}

// head drops the qualifiers and numbers that end ws.
func head(ws []string) []string {
	for len(ws) > 1 {
		w := ws[len(ws)-1]
		if !qualifiers[w] && strings.Trim(w, "0123456789") != "" {
			break
		}
		ws = ws[:len(ws)-1]
	}
	return ws
}

// endsWith reports whether the last words of ws are tail.
func endsWith(ws []string, tail ...string) bool {
	if len(ws) < len(tail) {
		return false
	}
	for i, t := range tail {
		if ws[len(ws)-len(tail)+i] != t {
			return false
		}
	}
	return true
}
