package systemd

import (
	"path"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
)

// execKeys are the [Service] command lines scanned for credential use,
// with the attribute each is kept in (masked).
var execKeys = []struct{ key, attr string }{
	{"ExecStartPre", "exec_start_pre"}, {"ExecStart", "exec_start"}, {"ExecStartPost", "exec_start_post"},
	{"ExecReload", "exec_reload"}, {"ExecStop", "exec_stop"}, {"ExecStopPost", "exec_stop_post"},
	{"ExecCondition", "exec_condition"},
}

// service reads [Service]: the user, the commands, the environment and
// the credentials systemd hands the service.
func (e *emitter) service(u *Unit, n *graph.Node) {
	user := "root"
	if s, ok := u.Last("Service", "User"); ok {
		user = s.Value
		n.Attrs["user"] = s.Value
		if templated.MatchString(s.Value) {
			graph.AppendList(n.Attrs, "unresolved", s.Value)
		}
	}
	if s, ok := u.Last("Service", "Type"); ok {
		n.Attrs["service_type"] = s.Value
	}
	sink := shellcmd.Sink{B: e.b, Attrs: n.Attrs}
	c := shellcmd.Consumer{ID: n.ID, Host: e.ref.host, User: user, Connector: Name, Source: e.ref.file}
	var envFacts []shellcmd.Fact
	for _, s := range u.Values("Service", "Environment") {
		for _, w := range words(s.Value) {
			name, value, ok := strings.Cut(w, "=")
			if !ok {
				continue
			}
			graph.AppendList(n.Attrs, "env", name)
			// An inline secret is recorded at the line that writes it.
			facts, secrets := shellcmd.SplitSecrets(shellcmd.Scan(name + "=" + shellQuote(value)))
			envFacts = append(envFacts, facts...)
			sink.Emit(e.at(c, s), secrets, s.Line)
		}
	}
	if envs := u.Values("Service", "Environment"); len(envs) > 0 {
		sink.Emit(e.at(c, envs[0]), envFacts, envs[0].Line)
	}
	for _, s := range u.Values("Service", "EnvironmentFile") {
		p := strings.TrimPrefix(s.Value, "-")
		unresolved := templated.MatchString(p) || strings.Contains(p, "%")
		sink.EnvFile(e.at(c, s), p, unresolved, "EnvironmentFile", e.ev(s))
	}
	for _, k := range execKeys {
		var lines []string
		for _, s := range u.Values("Service", k.key) {
			cmd := strings.TrimLeft(s.Value, "@-:+!")
			masked, facts := shellcmd.ScanMasked(cmd)
			lines = append(lines, masked)
			// A profile set in Environment= shadows the CLI's default.
			facts = shellcmd.DropShadowedDefaults(append(slices.Clone(envFacts), facts...))[len(envFacts):]
			sink.Emit(e.at(c, s), facts, s.Line)
		}
		if len(lines) > 0 {
			n.Attrs[k.attr] = graph.EncodeList(lines)
		}
	}
	e.credentials(u, n, c)
}

// credentials reads LoadCredential=, LoadCredentialEncrypted=,
// SetCredential[Encrypted]= and ImportCredential=.
func (e *emitter) credentials(u *Unit, n *graph.Node, c shellcmd.Consumer) {
	h := e.ref.host
	for _, k := range []struct{ key, store, typ string }{
		{"LoadCredential", "/etc/credstore/", "credential-file"},
		{"LoadCredentialEncrypted", "/etc/credstore.encrypted/", "encrypted-credential"},
	} {
		for _, s := range u.Values("Service", k.key) {
			id, p, hasPath := strings.Cut(s.Value, ":")
			if !hasPath || p == "" {
				// Without a path systemd searches the credential stores;
				// the first is the one an administrator fills.
				p = k.store + id
			}
			if templated.MatchString(p) || !strings.HasPrefix(p, "/") {
				graph.AppendList(n.Attrs, "unresolved", p)
				continue
			}
			p = path.Clean(p)
			to := graph.Node{ID: h.NodeID(p), Kind: graph.Credential, Type: k.typ, Name: path.Base(p),
				Attrs: map[string]string{"path": p}, Evidence: e.ev(s)}
			e.b.AddNode(to)
			e.b.AddEdge(graph.Edge{From: n.ID, To: to.ID, Kind: graph.Uses,
				Attrs: map[string]string{"via": k.key, "credential_id": id}, Evidence: e.ev(s)})
		}
	}
	sink := shellcmd.Sink{B: e.b, Attrs: n.Attrs}
	for _, k := range []string{"SetCredential", "SetCredentialEncrypted"} {
		for _, s := range u.Values("Service", k) {
			id, value, _ := strings.Cut(s.Value, ":")
			// Only the value's fingerprint is kept. SetCredential='s value
			// is the secret in clear: an inline secret, recorded where it
			// is written. SetCredentialEncrypted='s is ciphertext sealed
			// with the host's key (systemd-creds encrypt), readable on that
			// host alone: not reported.
			n.Attrs["set_credential."+id] = shellcmd.Fingerprint(value)
			if k == "SetCredential" && value != "" {
				sink.Emit(e.at(c, s), []shellcmd.Fact{{Kind: shellcmd.InlineSecret, Name: k + "=" + id, Fingerprint: shellcmd.Fingerprint(value)}}, s.Line)
			}
		}
	}
	for _, s := range u.Values("Service", "ImportCredential") {
		graph.AppendList(n.Attrs, "import_credential", s.Value)
	}
}

// at is c with the evidence source of setting s, which may come from a
// drop-in.
func (e *emitter) at(c shellcmd.Consumer, s Setting) shellcmd.Consumer {
	if s.File != "" {
		c.Source = s.File
	}
	return c
}

// shellQuote quotes v for the shell reader, since systemd does not expand
// or split a variable's value once it is parsed.
func shellQuote(v string) string {
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
