// Package shellcmd recognises credential use in a shell command line: the
// Vault reads and logins, AWS profiles and role assumptions, sourced env
// files and credential-named variables a cron job, a systemd service or a
// container command relies on. It is shared by the host and Kubernetes
// connectors, which turn its facts into edges.
//
// It reads shell loosely, as configuration is written: quotes, escapes,
// ; && || | and $(…) are understood well enough to find commands and their
// arguments; it never runs or expands anything. It never returns a secret
// value: an inline value is reported only as a fingerprint.
package shellcmd

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/connectors/internal/vaultref"
)

// Kind names what a Fact says.
type Kind string

// The kinds of fact.
const (
	// VaultRead: the command reads Path from Vault (vault kv get, vault
	// read, vault kv list/metadata get, vault list).
	VaultRead Kind = "vault-read"
	// VaultWrite: the command writes to Path in Vault (vault write, vault
	// kv put/patch), which for engines such as PKI issues a credential.
	VaultWrite Kind = "vault-write"
	// VaultLogin: the command logs in to Vault with Method at Mount, as
	// Role when one is named.
	VaultLogin Kind = "vault-login"
	// AWSProfile: the command uses the AWS shared-config profile Value
	// (--profile, AWS_PROFILE; "default" for an aws command without one).
	AWSProfile Kind = "aws-profile"
	// AssumeRole: the command assumes the role ARN Value.
	AssumeRole Kind = "assume-role"
	// AccessKeyID: an AWS access key ID appears inline; Value is the key
	// ID, which AWS treats as an identifier (the secret never is).
	AccessKeyID Kind = "aws-access-key-id"
	// Source: the command sources the file Value (. file, source file).
	Source Kind = "source"
	// CredentialEnv: the command sets or passes the credential-named
	// variable Name.
	CredentialEnv Kind = "credential-env"
	// InlineSecret: a secret value is written in the command itself; only
	// its Fingerprint is kept, Name says where (variable or flag).
	InlineSecret Kind = "inline-secret"
)

// Fact is one piece of credential use found in a command.
type Fact struct {
	Kind Kind
	// Value is the path, profile, ARN or file the fact names; never a
	// secret value.
	Value string
	// VaultID is the node ID of a Vault path (vaultref), for Vault facts;
	// VaultType the type of the node it names.
	VaultID, VaultType string
	// Field is vault kv get's -field.
	Field string
	// Method, Mount and Role describe a vault login.
	Method, Mount, Role string
	// Name is the variable or flag of CredentialEnv and InlineSecret.
	Name string
	// Fingerprint is "sha256:" and 12 hex digits of an inline value.
	Fingerprint string
	// Unresolved is true when Value holds a variable or template.
	Unresolved bool
	// Implicit is true for a default the command did not spell out.
	Implicit bool
	// Pos is the byte offset in the scanned text where the fact's word
	// starts; valueStart and valueEnd span an inline secret.
	Pos                  int
	valueStart, valueEnd int
}

// Fingerprint returns "sha256:" and the first 12 hex digits of the
// SHA-256 of v: enough to tell two copies of a value apart, never enough
// to recover it.
func Fingerprint(v string) string { return secretlit.Fingerprint(v) }

// Scan returns the facts found in text, a command line or a whole
// script, in order of position.
func Scan(text string) []Fact {
	var facts []Fact
	cmds, subs := lex(text)
	for _, c := range cmds {
		facts = append(facts, command(text, c)...)
	}
	facts = append(facts, pipedSecrets(text, cmds)...)
	facts = append(facts, shapedSecrets(text, cmds, facts)...)
	for _, s := range subs {
		for _, f := range Scan(text[s.start:s.end]) {
			f.Pos += s.start
			if f.valueEnd > 0 {
				f.valueStart += s.start
				f.valueEnd += s.start
			}
			facts = append(facts, f)
		}
	}
	slices.SortStableFunc(facts, func(a, b Fact) int { return a.Pos - b.Pos })
	return facts
}

var assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// command reads one simple command: leading assignments (also after
// export, env and the like), then the program and its arguments.
func command(src string, ws []word) []Fact {
	var facts []Fact
	i := 0
	for i < len(ws) {
		w := ws[i]
		raw := w.raw(src)
		switch {
		case assignment.MatchString(raw):
			facts = append(facts, assign(src, w)...)
		case i == 0 && slices.Contains([]string{"export", "declare", "typeset", "local", "readonly", "env"}, w.text),
			strings.HasPrefix(w.text, "-") && i > 0 && slices.Contains([]string{"export", "declare", "typeset", "env"}, ws[0].text):
		default:
			facts = append(facts, program(src, ws[i:])...)
			return facts
		}
		i++
	}
	return facts
}

// assign reads NAME=value.
func assign(src string, w word) []Fact {
	name, value, _ := strings.Cut(w.text, "=")
	rawValue := w.raw(src)[len(name)+1:]
	vs := w.pos + len(name) + 1
	var facts []Fact
	switch name {
	case "AWS_PROFILE", "AWS_DEFAULT_PROFILE":
		if value != "" {
			facts = append(facts, Fact{Kind: AWSProfile, Value: value, Pos: w.pos, Unresolved: isReference(rawValue)})
		}
		return facts
	}
	if strings.HasSuffix(name, "_COMMAND") || strings.HasSuffix(name, "_CMD") {
		// RESTIC_PASSWORD_COMMAND="vault kv get …" and the like hold a
		// command that fetches the credential.
		inner := w
		inner.text = value
		return nested(src, inner)
	}
	// The variable names a credential (secretlit.CredentialName); its
	// value is an inline secret only when the name says it is a secret
	// (secretlit.Name): an access key's ID is an identifier, reported as
	// the key it names.
	if !secretlit.CredentialName(name) {
		return nil
	}
	facts = append(facts, Fact{Kind: CredentialEnv, Name: name, Pos: w.pos})
	if value == "" || isReference(rawValue) {
		return facts
	}
	if secretlit.KeyIDName(name) {
		if accessKeyID.MatchString(value) {
			facts = append(facts, Fact{Kind: AccessKeyID, Value: value, Pos: w.pos})
		}
		return facts
	}
	if strings.Contains(value, "://") && !urlPassword.MatchString(value) {
		return facts // a connection string without a password names a place
	}
	return append(facts, Fact{Kind: InlineSecret, Name: name, Fingerprint: Fingerprint(value),
		Pos: w.pos, valueStart: vs, valueEnd: w.end})
}

// isReference reports whether a raw value takes its text from elsewhere
// ($VAR, ${VAR}, $(cmd), `cmd`) rather than holding it inline.
func isReference(raw string) bool {
	if strings.HasPrefix(raw, "'") {
		return false
	}
	return strings.ContainsAny(raw, "$`")
}

// secretFlags are options whose value is a secret.
var secretFlags = []string{"password", "passwd", "pass", "token", "secret", "client-secret",
	"api-key", "apikey", "access-key", "secret-key", "auth-token", "secret-access-key", "passphrase"}

// wrappers run the command that follows their options: vault or aws
// after one of them is still the program.
var wrappers = []string{"sudo", "doas", "su", "runuser", "env", "nice", "ionice", "nohup", "timeout", "exec",
	"flock", "time", "chronic", "systemd-inhibit", "setsid", "stdbuf", "chpst", "xargs", "command", "caffeinate", "cronic"}

// program reads a command's program and arguments.
func program(src string, ws []word) []Fact {
	var facts []Fact
	facts = append(facts, secretArgs(src, ws)...)
	for i := 1; i < len(ws); i++ {
		// Only option values are read as commands (sh -c "…",
		// --password-command "…"), not echo's text.
		if strings.HasPrefix(ws[i-1].text, "-") || strings.HasPrefix(ws[i].text, "-") {
			facts = append(facts, nested(src, ws[i])...)
		}
	}
	wrapped := slices.Contains(wrappers, path.Base(ws[0].text))
	for i, w := range ws {
		if i > 0 && !wrapped {
			break
		}
		switch base := path.Base(w.text); {
		case i == 0 && (w.text == "." || w.text == "source") && len(ws) > 1:
			f := ws[1]
			return append(facts, Fact{Kind: Source, Value: f.text, Pos: w.pos, Unresolved: isReference(f.raw(src))})
		case base == "vault":
			return append(facts, vault(src, ws[i:])...)
		case base == "aws":
			return append(facts, aws(src, ws[i:])...)
		}
	}
	return facts
}

// secretArgs finds --password value, --password=value and -password=value.
func secretArgs(src string, ws []word) []Fact {
	var facts []Fact
	for i, w := range ws {
		if !strings.HasPrefix(w.text, "-") {
			continue
		}
		flag, value, hasValue := strings.Cut(strings.TrimLeft(w.text, "-"), "=")
		if !slices.Contains(secretFlags, strings.ToLower(flag)) {
			continue
		}
		vs, ve, raw := 0, 0, ""
		switch {
		case hasValue:
			raw = w.raw(src)[strings.IndexByte(w.raw(src), '=')+1:]
			vs, ve = w.end-len(raw), w.end
		case i+1 < len(ws) && !strings.HasPrefix(ws[i+1].text, "-"):
			value, raw = ws[i+1].text, ws[i+1].raw(src)
			vs, ve = ws[i+1].pos, ws[i+1].end
		default:
			continue
		}
		if value == "" || isReference(raw) {
			continue
		}
		facts = append(facts, Fact{Kind: InlineSecret, Name: "--" + flag, Fingerprint: Fingerprint(value),
			Pos: w.pos, valueStart: vs, valueEnd: ve})
	}
	return facts
}

// nested scans an argument that is itself a command line, such as
// sh -c "…" or restic's --password-command "…". Positions map back into
// src when the argument is written without escapes; otherwise an inline
// secret found inside masks the whole argument.
func nested(src string, w word) []Fact {
	text := w.text
	if _, v, ok := strings.Cut(text, "="); ok && strings.HasPrefix(text, "-") {
		text = v
	}
	if !strings.ContainsAny(text, " \t") {
		return nil
	}
	raw := w.raw(src)
	off := strings.Index(raw, text)
	facts := Scan(text)
	for i := range facts {
		if off < 0 {
			facts[i].Pos = w.pos
			if facts[i].valueEnd > 0 {
				facts[i].valueStart, facts[i].valueEnd = w.pos, w.end
			}
			continue
		}
		facts[i].Pos += w.pos + off
		if facts[i].valueEnd > 0 {
			facts[i].valueStart += w.pos + off
			facts[i].valueEnd += w.pos + off
		}
	}
	return facts
}

// LineOf returns the 1-based line of byte offset pos in text.
func LineOf(text string, pos int) int {
	return strings.Count(text[:min(pos, len(text))], "\n") + 1
}

// vaultRef builds the fact for a Vault path, mount-relative when -mount
// was given.
func vaultRef(kind Kind, mount, p string, pos int) Fact {
	full := p
	if mount != "" {
		full = strings.Trim(mount, "/") + "/" + strings.TrimLeft(p, "/")
	}
	r := vaultref.Parse("", full)
	return Fact{Kind: kind, Value: r.Path, VaultID: r.ID, VaultType: r.Type(), Unresolved: r.Unresolved || strings.Contains(full, "$"), Pos: pos}
}
