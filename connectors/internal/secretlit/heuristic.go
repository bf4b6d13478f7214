package secretlit

import (
	"strings"
	"unicode"

	"github.com/convene-dev/convene/connectors/internal/literal"
)

// secretWords are the name parts that mark a variable as holding a
// credential.
var secretWords = map[string]bool{
	"TOKEN": true, "SECRET": true, "SECRETS": true, "PASSWORD": true, "PASSWD": true, "PASS": true,
	"PWD": true, "KEY": true, "APIKEY": true, "CREDENTIAL": true, "CREDENTIALS": true, "CREDS": true,
	"AUTH": true, "PRIVATE": true, "CERT": true, "CERTIFICATE": true, "PASSPHRASE": true, "DSN": true,
	"KUBECONFIG": true, "JWT": true, "SAS": true, "COOKIE": true,
}

// settingWords are last name parts that name what a credential is for, or
// which one, rather than hold it (VAULT_AUTH_ROLE, TOKEN_URL, KEY_ID).
var settingWords = map[string]bool{
	"ROLE": true, "PATH": true, "URL": true, "SERVER": true, "METHOD": true, "NAME": true, "TYPE": true,
	"MOUNT": true, "FILE": true, "HOST": true, "PORT": true, "REGION": true, "ENABLED": true, "ID": true,
}

// Name reports whether a variable's name says it holds a credential: one of
// its _-separated parts is a secret word (DB_PASSWORD, NPM_TOKEN,
// AWS_SECRET_ACCESS_KEY), whatever the case, and its last part does not
// name a setting about one (VAULT_AUTH_ROLE, TOKEN_URL, ACCESS_KEY_ID).
func Name(name string) bool {
	words := strings.Split(strings.ToUpper(name), "_")
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
// reference to one: 8 characters or more, no space, slash or $ (paths,
// URLs, templates), letters and digits both (ids like release-key are
// words), and not an identifier such as rsa-4096 (literal.Identifier).
func Value(v string) bool {
	return len(v) >= 8 && !strings.ContainsAny(v, " /$") &&
		strings.ContainsAny(v, "0123456789") && strings.IndexFunc(v, unicode.IsLetter) >= 0 &&
		!literal.Identifier(v)
}
