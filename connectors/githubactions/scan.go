package githubactions

import (
	"strings"

	"go.yaml.in/yaml/v3"

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
	// The rule every connector shares (secretlit): a credential-named
	// input or variable holding a literal that could be a credential.
	if key != "" && level == 1 && secretlit.Name(key) && secretlit.Value(n.Value) {
		f.inline = append(f.inline, inlineValue{key: key, fingerprint: fingerprint(n.Value), file: p.file, line: lineOf(n)})
		p.warnf(lineOf(n), "hard-coded credential in %s %s (%s); move it into a secret and rotate it", c.where, key, fingerprint(n.Value))
		return
	}
	// A credential told by its form (secretlit.Shaped), whatever it is
	// called: recorded under the variable or input it is the value of,
	// else under its kind. An AWS access key ID is always recorded as
	// aws-access-key-id: a committed ID shows a long-lived key in use.
	for _, m := range secretlit.Shaped(n.Value) {
		name := ""
		if level == 1 {
			name = key
		}
		k := m.Key(name)
		fp := fingerprint(m.Value)
		f.inline = append(f.inline, inlineValue{key: k, fingerprint: fp, file: p.file, line: lineOf(n)})
		if m.Kind == secretlit.AWSAccessKeyID {
			p.warnf(lineOf(n), "hard-coded credential: an AWS access key ID (%s) in %s; use OIDC or a secret and deactivate the key", fp, c.where)
			continue
		}
		where := c.where
		if k != m.Kind {
			where += " " + k
		}
		p.warnf(lineOf(n), "hard-coded credential: a %s (%s) in %s; move it into a secret and rotate it", m.Kind, fp, where)
	}
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
