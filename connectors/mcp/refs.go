package mcp

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// ref is a value taken from elsewhere when the client starts the server:
// an environment variable of the user's session or a VS Code input.
type ref struct {
	kind string // "env" or "input"
	name string
}

// refPattern matches VS Code's ${env:X} and ${input:X}, and the ${X},
// ${X:-default} and $X of Claude Code, Cursor and Gemini CLI.
var refPattern = regexp.MustCompile(`\$\{(env|input):([^}]+)\}|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}|\$([A-Z_][A-Z0-9_]*)`)

// refsIn lists the references in a value. ${workspaceFolder}, ${userHome}
// and VS Code's other predefined variables are written in lower camel case
// and are not environment variables.
func refsIn(v string) []ref {
	if !strings.Contains(v, "$") {
		return nil
	}
	var out []ref
	for _, m := range refPattern.FindAllStringSubmatch(v, -1) {
		switch {
		case m[1] != "":
			out = append(out, ref{kind: m[1], name: strings.TrimSpace(m[2])})
		case m[3] != "" && strings.ToUpper(m[3]) == m[3]:
			out = append(out, ref{kind: "env", name: m[3]})
		case m[4] != "":
			out = append(out, ref{kind: "env", name: m[4]})
		}
	}
	return out
}

// hasRef reports whether v takes any of its text from a reference.
func hasRef(v string) bool { return refPattern.MatchString(v) }

// placeholder reports whether a value stands for a credential the user is
// meant to fill in (<API_KEY>, your-token-here, xxxx) rather than being
// one.
func placeholder(v string) bool {
	l := strings.ToLower(strings.TrimSpace(v))
	switch {
	case l == "":
		return true
	case strings.HasPrefix(l, "<") && strings.HasSuffix(l, ">"),
		strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]"),
		strings.HasPrefix(l, "{") && strings.HasSuffix(l, "}"):
		return true
	}
	for _, w := range []string{"your", "xxxx", "****", "....", "placeholder", "replace", "changeme", "change-me", "insert", "todo", "example", "dummy", "here"} {
		if strings.Contains(l, w) {
			return len(secretlit.Shaped(v)) == 0
		}
	}
	return false
}

// secretValue reports whether a literal written under a credential name
// is a credential: long enough, no spaces, not a flag, path or number.
func secretValue(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) < 8 || strings.ContainsAny(v, " \n\t") || placeholder(v) {
		return false
	}
	switch strings.ToLower(v) {
	case "true", "false", "null", "required", "optional":
		return false
	}
	return !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "./") && !strings.HasPrefix(v, "~")
}

// authValue returns the credential of an Authorization-style header
// value: the text after the scheme (Bearer, Basic, token).
func authValue(v string) string {
	v = strings.TrimSpace(v)
	if scheme, rest, ok := strings.Cut(v, " "); ok {
		switch strings.ToLower(scheme) {
		case "bearer", "basic", "token", "apikey", "api-key":
			return strings.TrimSpace(rest)
		}
	}
	return v
}

// dataSchemes are the URL schemes of databases and brokers.
var dataSchemes = map[string]bool{"postgres": true, "postgresql": true, "mysql": true, "mariadb": true, "mongodb": true,
	"mongodb+srv": true, "redis": true, "rediss": true, "sqlserver": true, "mssql": true, "clickhouse": true,
	"snowflake": true, "amqp": true, "amqps": true, "jdbc:postgresql": true, "jdbc:mysql": true, "cockroachdb": true}

// secretQuery are query parameters that carry a credential.
var secretQuery = map[string]bool{"token": true, "access_token": true, "api_key": true, "apikey": true, "key": true,
	"secret": true, "password": true, "sig": true, "code": true, "auth": true}

// urlFacts is what a URL written in a configuration says: its form without
// credentials, whether it names a data store, and the credentials written
// into it (user-info password, secret query parameters).
type urlFacts struct {
	clean   string
	data    bool
	secrets []namedValue
}

type namedValue struct{ key, val string }

// parseURL reads a URL from a value (an argument, an env value, a url).
// ok is false when v is not a URL.
func parseURL(v string) (urlFacts, bool) {
	v = strings.TrimSpace(v)
	i := strings.Index(v, "://")
	if i <= 0 || strings.ContainsAny(v, " \t") {
		return urlFacts{}, false
	}
	scheme := strings.ToLower(v[:i])
	if strings.ContainsAny(scheme, "=/") {
		return urlFacts{}, false
	}
	u, err := url.Parse(v)
	if err != nil {
		// A reference in the host (https://${input:app}.example.net)
		// is not a URL Go parses; keep it without its user info.
		if at := strings.LastIndex(v, "@"); at > i {
			return urlFacts{clean: v[:i+3] + v[at+1:], data: dataSchemes[scheme]}, true
		}
		return urlFacts{clean: v, data: dataSchemes[scheme]}, true
	}
	f := urlFacts{data: dataSchemes[scheme]}
	if u.User != nil {
		if p, set := u.User.Password(); set && p != "" && !hasRef(p) && !placeholder(p) {
			f.secrets = append(f.secrets, namedValue{"password", p})
		}
		u.User = nil
	}
	q := u.Query()
	changed := false
	for k, vs := range q {
		if !secretQuery[strings.ToLower(k)] && !secretlit.Name(k) {
			continue
		}
		for _, qv := range vs {
			if qv != "" && !hasRef(qv) && !placeholder(qv) {
				f.secrets = append(f.secrets, namedValue{"query " + k, qv})
			}
		}
		q.Set(k, "REDACTED")
		changed = true
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	f.clean = u.String()
	if f.data {
		// A data store is named by scheme, host and database.
		f.clean = u.Scheme + "://" + u.Host + u.Path
	}
	return f, true
}

// local reports whether a URL reaches the developer's own machine.
func local(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch h := u.Hostname(); {
	case h == "localhost", h == "0.0.0.0", h == "::1", strings.HasPrefix(h, "127."), strings.HasSuffix(h, ".localhost"),
		h == "host.docker.internal":
		return true
	}
	return false
}
