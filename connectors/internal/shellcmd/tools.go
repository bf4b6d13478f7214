package shellcmd

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// vaultValueFlags are the vault CLI flags that take a value; others are
// switches, so that "-field password secret/x" keeps secret/x as the path.
var vaultValueFlags = []string{"mount", "field", "format", "version", "address", "namespace", "ns",
	"method", "path", "ca-cert", "ca-path", "client-cert", "client-key", "wrap-ttl",
	"policy-override", "mfa", "tls-server-name", "header", "agent-address", "versions"}

// vaultSecretKeys are key=value arguments of vault login and vault write
// whose value is a secret.
var vaultSecretKeys = []string{"password", "secret_id", "token", "jwt", "client_secret", "private_key", "secret", "role_secret"}

// vault reads a vault CLI invocation; ws[0] is the program.
func vault(src string, ws []word) []Fact {
	flags := map[string]string{}
	var args []word
	for i := 1; i < len(ws); i++ {
		t := ws[i].text
		if strings.HasPrefix(t, "-") && len(t) > 1 {
			name, val, has := strings.Cut(strings.TrimLeft(t, "-"), "=")
			if !has && slices.Contains(vaultValueFlags, name) && i+1 < len(ws) {
				i++
				val = ws[i].text
			}
			flags[name] = val
			continue
		}
		args = append(args, ws[i])
	}
	if len(args) == 0 {
		return nil
	}
	at := ws[0].pos
	switch args[0].text {
	case "kv":
		if len(args) < 3 {
			return nil
		}
		op, rest := args[1].text, args[2:]
		if op == "metadata" {
			op, rest = "metadata "+rest[0].text, rest[1:]
		}
		if len(rest) == 0 {
			return nil
		}
		kind := VaultRead
		switch op {
		case "put", "patch", "delete", "destroy", "undelete", "rollback", "metadata put", "metadata patch", "metadata delete":
			kind = VaultWrite
		}
		f := vaultRef(kind, flags["mount"], rest[0].text, at)
		f.Field = flags["field"]
		return append([]Fact{f}, keyValueSecrets(src, rest[1:])...)
	case "read", "list":
		if len(args) < 2 {
			return nil
		}
		f := vaultRef(VaultRead, "", args[1].text, at)
		f.Field = flags["field"]
		return []Fact{f}
	case "write":
		if len(args) < 2 {
			return nil
		}
		return append([]Fact{vaultRef(VaultWrite, "", args[1].text, at)}, keyValueSecrets(src, args[2:])...)
	case "login":
		f := Fact{Kind: VaultLogin, Method: flags["method"], Mount: flags["path"], Pos: at}
		if f.Method == "" {
			f.Method = "token"
		}
		if f.Mount == "" {
			f.Mount = f.Method
		}
		var facts []Fact
		for _, a := range args[1:] {
			k, v, isKV := strings.Cut(a.text, "=")
			switch {
			case isKV && k == "role":
				f.Role = v
			case !isKV && f.Method == "token" && a.text != "-" && !isReference(a.raw(src)):
				facts = append(facts, Fact{Kind: InlineSecret, Name: "vault login token", Fingerprint: Fingerprint(a.text),
					Pos: a.pos, valueStart: a.pos, valueEnd: a.end})
			}
		}
		facts = append(facts, keyValueSecrets(src, args[1:])...)
		return append([]Fact{f}, facts...)
	}
	return nil
}

// keyValueSecrets finds secret key=value arguments; a value starting with
// @ names a file and - reads stdin, neither is inline.
func keyValueSecrets(src string, args []word) []Fact {
	var facts []Fact
	for _, a := range args {
		k, v, ok := strings.Cut(a.text, "=")
		if !ok || v == "" || v == "-" || strings.HasPrefix(v, "@") {
			continue
		}
		if !slices.Contains(vaultSecretKeys, strings.ToLower(k)) && !secretlit.Name(k) {
			continue
		}
		raw := a.raw(src)
		rv := raw[strings.IndexByte(raw, '=')+1:]
		if isReference(rv) {
			continue
		}
		facts = append(facts, Fact{Kind: InlineSecret, Name: k, Fingerprint: Fingerprint(v),
			Pos: a.pos, valueStart: a.end - len(rv), valueEnd: a.end})
	}
	return facts
}

// aws reads an aws CLI invocation: its profile (the "default" profile,
// marked Implicit, when none is named) and sts assume-role's role.
func aws(src string, ws []word) []Fact {
	at := ws[0].pos
	var facts []Fact
	profile := Fact{Kind: AWSProfile, Value: "default", Implicit: true, Pos: at}
	for i := 1; i < len(ws); i++ {
		t := ws[i].text
		switch {
		case t == "--profile" && i+1 < len(ws):
			profile = Fact{Kind: AWSProfile, Value: ws[i+1].text, Pos: ws[i].pos, Unresolved: isReference(ws[i+1].raw(src))}
		case strings.HasPrefix(t, "--profile="):
			profile = Fact{Kind: AWSProfile, Value: strings.TrimPrefix(t, "--profile="), Pos: ws[i].pos, Unresolved: isReference(ws[i].raw(src))}
		case t == "--role-arn" && i+1 < len(ws) && hasWords(ws, "sts", "assume-role"):
			facts = append(facts, Fact{Kind: AssumeRole, Value: ws[i+1].text, Pos: ws[i].pos, Unresolved: isReference(ws[i+1].raw(src))})
		case strings.HasPrefix(t, "--role-arn=") && hasWords(ws, "sts", "assume-role"):
			facts = append(facts, Fact{Kind: AssumeRole, Value: strings.TrimPrefix(t, "--role-arn="), Pos: ws[i].pos, Unresolved: isReference(ws[i].raw(src))})
		}
	}
	return append([]Fact{profile}, facts...)
}

func hasWords(ws []word, a, b string) bool {
	for i := 0; i+1 < len(ws); i++ {
		if ws[i].text == a && ws[i+1].text == b {
			return true
		}
	}
	return false
}

// DropShadowedDefaults removes the implicit "default" profile of aws
// commands when the same facts (a job's command with its environment)
// name a profile or static keys, which the CLI would use instead.
func DropShadowedDefaults(facts []Fact) []Fact {
	explicit := slices.ContainsFunc(facts, func(f Fact) bool {
		return f.Kind == AWSProfile && !f.Implicit || f.Kind == CredentialEnv && f.Name == "AWS_ACCESS_KEY_ID"
	})
	if !explicit {
		return facts
	}
	return slices.DeleteFunc(slices.Clone(facts), func(f Fact) bool { return f.Kind == AWSProfile && f.Implicit })
}
