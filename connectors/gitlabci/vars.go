package gitlabci

import (
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// variable is one entry of a variables: block, global or per job.
type variable struct {
	name  string
	value string
	file  string
	line  int
}

// variables reads a variables: mapping. A value may be a scalar or GitLab's
// long form {value, description, expand, options}.
func (p *pipeline) variables(file string, n *yaml.Node) []variable {
	var out []variable
	for _, kv := range p.pairs(n) {
		v := kv.V
		val := str(v)
		if v != nil && v.Kind == yaml.MappingNode {
			val = str(p.get(v, "value"))
		}
		out = append(out, variable{name: kv.Key, value: val, file: file, line: kv.K.Line})
	}
	return out
}

// mergeVars lays over on base: a name defined again takes the new value.
func mergeVars(base, over []variable) []variable {
	out := slices.Clone(base)
	for _, v := range over {
		if i := slices.IndexFunc(out, func(o variable) bool { return o.name == v.name }); i >= 0 {
			out[i] = v
		} else {
			out = append(out, v)
		}
	}
	return out
}

func findVar(vs []variable, name string) (variable, bool) {
	for _, v := range vs {
		if v.name == name {
			return v, true
		}
	}
	return variable{}, false
}

// varRef matches $NAME and ${NAME}; $$ escapes are skipped by the caller.
var varRef = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)

// refs lists the variable names text references, in order, once each.
func refs(text string) []string {
	text = strings.ReplaceAll(text, "$$", "")
	var out []string
	for _, m := range varRef.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	return out
}

// secretish reports whether a variable's name says it holds a credential
// (secretlit.Name, the rule every connector shares).
func secretish(name string) bool { return secretlit.Name(name) }

// credentialLine reports whether a script line hands something to a login
// or an authentication header, so that every variable in it is taken as a
// credential, whatever its name.
func credentialLine(line string) bool {
	// -p is a password in lower case only, written against its value
	// (mysql -p$X) or after a tool whose -p is one; grep -P, mkdir -p and
	// docker run -p (a port) hand nothing over.
	if strings.Contains(line, " -p$") || strings.Contains(line, ` -p"$`) || strings.Contains(line, ` -p'$`) {
		return true
	}
	l := strings.ToLower(line)
	if strings.Contains(line, " -p ") && passwordP.MatchString(l) {
		return true
	}
	for _, s := range []string{" login", "--password", "--token", "authorization:", "private-token", "job-token", "deploy-token", "--secret", "--client-secret", "_auth", "x-api-key"} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// passwordP matches the tools whose -p option takes a password.
var passwordP = regexp.MustCompile(`(^|[\s;&|(])(sshpass|mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mongo|mongosh|mongodump|mongorestore)\s`)

// inlineSecret reports whether a variable written in the file looks like a
// hard-coded credential: a secret-ish name and a literal of 8 characters or
// more with letters and digits and no space, slash or $ (which mark paths,
// URLs and references), that is not an identifier (rsa-4096, us-east-1:
// literal.Identifier).
func inlineSecret(v variable) bool {
	return secretlit.Name(v.name) && secretlit.Value(v.value)
}
