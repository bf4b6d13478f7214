package githubactions

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	lit "github.com/convene-dev/convene/connectors/internal/literal"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// refCtx says where in a workflow a value stands, for the attributes of the
// secret reads found in it.
type refCtx struct {
	where  string
	step   string
	envVar string
	input  string
}

// scan walks a value and records every secret read and every inline
// credential in it. level is the depth below the key named by c.where.
func (p *parser) scan(n *yaml.Node, c refCtx, level int, f *facts) {
	n = p.w.Deref(n)
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for _, kv := range p.w.Pairs(n) {
			cc := c
			if level == 0 {
				switch {
				case c.where == "env" || strings.HasSuffix(c.where, ".env"):
					cc.envVar = kv.Key
				case c.where == "with" || c.where == "secrets":
					cc.input = kv.Key
				}
			}
			p.scan(kv.V, cc, level+1, f)
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			p.scan(it, c, level+1, f)
		}
	case yaml.ScalarNode:
		p.scalar(n, c, level, f)
	}
}

// scalar records the secret reads and inline credentials of one value.
func (p *parser) scalar(n *yaml.Node, c refCtx, level int, f *facts) {
	bare := level == 0 && (c.where == "if" || strings.HasSuffix(c.where, ".if"))
	for _, r := range refsInValue(n.Value, bare) {
		f.refs = append(f.refs, secretRef{
			name: r.Name, dynamic: r.Dynamic, raw: r.Raw,
			where: c.where, step: c.step, envVar: c.envVar, input: c.input,
			file: p.file, line: lineOf(n),
			awsKey: isAWSKeyName(c.envVar) || isAWSKeyName(c.input),
		})
	}
	key := c.envVar
	if key == "" {
		key = c.input
	}
	if key != "" && level == 1 && looksLikeCredential(key, n.Value) {
		f.inline = append(f.inline, inlineValue{key: key, fingerprint: fingerprint(n.Value), file: p.file, line: lineOf(n)})
		p.warnf(lineOf(n), "hard-coded credential in %s %s (%s); move it into a secret and rotate it", c.where, key, fingerprint(n.Value))
		return
	}
	for _, k := range awsKeyID.FindAllString(n.Value, -1) {
		f.inline = append(f.inline, inlineValue{key: "aws-access-key-id", fingerprint: fingerprint(k), file: p.file, line: lineOf(n)})
		p.warnf(lineOf(n), "hard-coded credential: an AWS access key ID (%s) in %s; use OIDC or a secret and deactivate the key", fingerprint(k), c.where)
	}
}

// awsKeyID matches an AWS access key ID (long-term AKIA, temporary ASIA).
var awsKeyID = regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`)

// credentialKey matches the names under which a credential is passed.
var credentialKey = regexp.MustCompile(`(?i)(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)$|(password|passwd|secret|token|apikey)`)

// notCredentialSuffix are key endings that name a credential rather than
// hold one (SECRET_NAME, TOKEN_URL, ROLE_ARN).
var notCredentialSuffix = []string{"_NAME", "_ID", "_PATH", "_FILE", "_URL", "_ARN", "_REGION", "_TYPE", "_HEADER", "_ENDPOINT", "_KEY_ID", "-NAME", "-ID", "-PATH", "-FILE", "-URL", "-ARN"}

// looksLikeCredential reports whether key: value writes a credential
// literally. Values computed at run time, booleans, numbers, short
// placeholders, enumerations and identifiers (lit.Identifier) are not
// credentials.
func looksLikeCredential(key, v string) bool {
	v = strings.TrimSpace(v)
	if len(v) < 6 || strings.ContainsAny(v, "$\n ") || !credentialKey.MatchString(key) {
		return false
	}
	up := strings.ToUpper(key)
	if strings.HasSuffix(up, "SECRETS") {
		return false // a list of secrets to fetch (vault-action and wrappers), not a value
	}
	for _, s := range notCredentialSuffix {
		if strings.HasSuffix(up, s) {
			return false
		}
	}
	switch strings.ToLower(v) {
	case "true", "false", "required", "optional", "changeme", "inherit", "github_token":
		return false
	}
	// An enumeration or identifier (token_format: access_token, a list of
	// secret names, a URL of scopes) names or chooses; it is not a secret.
	return !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "./") && !lit.Identifier(v)
}

// isAWSKeyName reports whether an env var or input carries a static AWS key.
func isAWSKeyName(k string) bool {
	switch strings.ToLower(strings.ReplaceAll(k, "_", "-")) {
	case "aws-access-key-id", "aws-secret-access-key":
		return true
	}
	return false
}

// fingerprint identifies a value without keeping it (secretlit).
func fingerprint(v string) string { return secretlit.Fingerprint(v) }
