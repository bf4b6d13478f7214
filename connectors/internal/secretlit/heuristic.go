package secretlit

import (
	"strings"
	"unicode"

	"github.com/convene-dev/convene/connectors/internal/literal"
)

// secretWords are the name parts that mark a variable as holding a
// credential.
var secretWords = map[string]bool{
	"TOKEN": true, "SECRET": true, "PASSWORD": true, "PASSWD": true, "PASS": true,
	"PWD": true, "KEY": true, "APIKEY": true, "CREDENTIAL": true, "CREDENTIALS": true, "CREDS": true,
	"AUTH": true, "PRIVATE": true, "CERT": true, "CERTIFICATE": true, "PASSPHRASE": true, "DSN": true,
	"KUBECONFIG": true, "JWT": true, "SAS": true, "COOKIE": true,
}

// settingWords are last name parts that name what a credential is for, or
// which one, rather than hold it (VAULT_AUTH_ROLE, TOKEN_URL, KEY_ID,
// ROLE_ARN, AUTH_HEADER); SECRETS names a list of secrets to fetch
// (vault-action's secrets, grafana's repo_secrets), not a value.
var settingWords = map[string]bool{
	"ROLE": true, "PATH": true, "URL": true, "SERVER": true, "METHOD": true, "NAME": true, "TYPE": true,
	"MOUNT": true, "FILE": true, "HOST": true, "PORT": true, "REGION": true, "ENABLED": true, "ID": true,
	"ARN": true, "HEADER": true, "ENDPOINT": true, "SECRETS": true,
}

// placeholders are single words written where a credential goes that
// say something about it instead (an input's documentation, a reusable
// workflow's secrets: inherit).
var placeholders = map[string]bool{"required": true, "optional": true, "changeme": true, "inherit": true}

// Name reports whether a variable's or input's name says it holds a
// credential: one of its parts, separated by _ or -, is a secret word
// (DB_PASSWORD, NPM_TOKEN, AWS_SECRET_ACCESS_KEY, openai-api-key), whatever
// the case, and its last part does not name a setting about one
// (VAULT_AUTH_ROLE, TOKEN_URL, ACCESS_KEY_ID) or a list of them
// (repo_secrets).
func Name(name string) bool {
	words := strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool { return r == '_' || r == '-' })
	if len(words) == 0 {
		return false
	}
	if settingWords[words[len(words)-1]] {
		return false
	}
	for _, w := range words {
		if secretWords[w] {
			return true
		}
	}
	return false
}

// Value reports whether a literal could be a credential rather than a
// reference to one: 6 characters or more once trimmed, on one line, no
// space or $ (templates, lists of NAME=path lines), not a path or URL (a
// leading / or ./, or ://; a / inside is base64, as AWS secret keys have),
// a letter, and neither an identifier such as rsa-4096, release-key or
// secret/team/ci (literal.Identifier) nor a placeholder word (required,
// inherit). A single word of letters counts: test tokens (testtoken) are
// credentials written inline all the same.
func Value(v string) bool {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.Contains(v, "://") {
		return false
	}
	return len(v) >= 6 && !strings.ContainsAny(v, " $\n\t") &&
		strings.IndexFunc(v, unicode.IsLetter) >= 0 &&
		!placeholders[strings.ToLower(v)] && !literal.Identifier(v)
}
