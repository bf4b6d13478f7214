package shellcmd

import (
	"path"
	"slices"
	"strings"
)

// stdinOptions are options that make a program read a secret from its
// standard input, with the value that says so when they take one ("" for
// a switch).
var stdinOptions = []struct{ opt, value string }{
	{"--password-stdin", ""}, // docker, podman, nerdctl, helm registry, oras, skopeo login
	{"--password-file", "/dev/stdin"}, {"--password-file", "-"},
	{"--passphrase-file", "/dev/stdin"}, {"--vault-password-file", "/dev/stdin"},
	{"--key-file", "-"}, {"--key-file", "/dev/stdin"}, // cryptsetup
	{"--passphrase-fd", "0"},                                      // gpg
	{"-passin", "stdin"}, {"-passin", "fd:0"}, {"-pass", "stdin"}, // openssl
}

// StdinSecret reports what, in a command line, reads a secret from the
// line's standard input (cron's text after %): a login with
// --password-stdin, chpasswd, passwd --stdin, kinit, vault login -, an
// option reading a password file from /dev/stdin and the like. It
// returns the program and the option that say so (docker login
// --password-stdin), or "" when no command the line runs takes a secret
// from its input; a command fed by a pipe reads the pipe, not the line's
// input.
func StdinSecret(text string) string {
	cmds, _ := lex(text)
	for _, ws := range cmds {
		if piped(text, ws[0].pos) {
			continue
		}
		i := programIndex(ws)
		if i < 0 {
			continue
		}
		if r := stdinReader(path.Base(ws[i].text), texts(ws[i+1:])); r != "" {
			return r
		}
	}
	return ""
}

// piped reports whether the command starting at pos in text reads the
// output of a pipe.
func piped(text string, pos int) bool {
	before := strings.TrimRight(text[:pos], " \t")
	return strings.HasSuffix(before, "|") && !strings.HasSuffix(before, "||") || strings.HasSuffix(before, "|&")
}

// stdinReader says what of one command (its program's base name and its
// arguments) reads a secret from standard input, or "".
func stdinReader(prog string, args []string) string {
	has := func(a string) bool { return slices.Contains(args, a) }
	switch prog {
	case "chpasswd", "chgpasswd":
		return prog
	case "passwd":
		if has("--stdin") {
			return "passwd --stdin"
		}
	case "smbpasswd":
		if has("-s") {
			return "smbpasswd -s"
		}
	case "htpasswd":
		for _, a := range args {
			if len(a) > 1 && a[0] == '-' && a[1] != '-' && strings.ContainsRune(a, 'i') {
				return "htpasswd -i"
			}
		}
	case "kinit":
		// Without a keytab (-k), kinit reads the password from its input
		// when that is not a terminal.
		for _, a := range args {
			if a == "-k" || strings.HasPrefix(a, "-k") && !strings.HasPrefix(a, "--") || strings.HasPrefix(a, "--keytab") || a == "-t" {
				return ""
			}
		}
		return "kinit"
	case "gh":
		if has("auth") && has("login") && has("--with-token") {
			return "gh auth login --with-token"
		}
	case "vault":
		if len(args) > 0 && args[0] == "login" && has("-") {
			return "vault login -"
		}
		for _, a := range args {
			if k, v, ok := strings.Cut(a, "="); ok && v == "-" && !strings.HasPrefix(k, "-") {
				return "vault " + args[0] + " " + a
			}
		}
	}
	for i, a := range args {
		for _, o := range stdinOptions {
			switch {
			case o.value == "" && a == o.opt:
				return loginPrefix(prog, args) + " " + a
			case o.value != "" && a == o.opt+"="+o.value,
				o.value != "" && a == o.opt && i+1 < len(args) && args[i+1] == o.value:
				return prog + " " + o.opt + sep(a, o.opt) + o.value
			}
		}
	}
	return ""
}

// sep is "=" when the option was written with its value, else " ".
func sep(written, opt string) string {
	if written == opt {
		return " "
	}
	return "="
}

// loginPrefix names a login command by its program and the words up to
// login (docker login, helm registry login); the program alone without
// one.
func loginPrefix(prog string, args []string) string {
	if i := slices.Index(args, "login"); i >= 0 {
		out := []string{prog}
		for _, a := range args[:i+1] {
			if !strings.HasPrefix(a, "-") {
				out = append(out, a)
			}
		}
		return strings.Join(out, " ")
	}
	return prog
}

// pipedSecrets finds a literal echoed or printed into a command that reads
// a secret from its input (echo 'pass' | docker login --password-stdin):
// an inline secret, named after the command that reads it. A variable
// echoed ("$REGISTRY_PASSWORD") is not inline.
func pipedSecrets(src string, cmds [][]word) []Fact {
	var facts []Fact
	for i := 0; i+1 < len(cmds); i++ {
		next := cmds[i+1]
		if !piped(src, next[0].pos) {
			continue
		}
		j := programIndex(next)
		if j < 0 {
			continue
		}
		reader := stdinReader(path.Base(next[j].text), texts(next[j+1:]))
		if reader == "" {
			continue
		}
		if v := printed(src, cmds[i]); len(v) > 0 {
			facts = append(facts, Fact{Kind: InlineSecret, Name: "stdin: " + reader, Fingerprint: Fingerprint(strings.Join(texts(v), " ")),
				Pos: v[0].pos, valueStart: v[0].pos, valueEnd: v[len(v)-1].end})
		}
	}
	return facts
}

// printed returns the words echo or printf prints (options and printf's
// format left out), or nil when the command is neither or prints a
// reference.
func printed(src string, ws []word) []word {
	k := programIndex(ws)
	if k < 0 {
		return nil
	}
	prog := path.Base(ws[k].text)
	if prog != "echo" && prog != "printf" {
		return nil
	}
	args := ws[k+1:]
	for len(args) > 0 && strings.HasPrefix(args[0].text, "-") {
		args = args[1:]
	}
	if prog == "printf" && len(args) > 1 && strings.Contains(args[0].text, "%") {
		args = args[1:]
	}
	for _, a := range args {
		if isReference(a.raw(src)) {
			return nil
		}
	}
	return args
}

func texts(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.text
	}
	return out
}
