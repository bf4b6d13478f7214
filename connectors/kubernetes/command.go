package kubernetes

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/connectors/internal/yamlnode"
)

// commands reads what each container's command, args and literal env
// values say about credentials, through the shell reader the host
// connectors share: Vault reads and logins, role assumptions, static AWS
// keys, credential-named variables and inline secrets (kept as a
// fingerprint in attrs, never the value). The text itself is not kept.
func (e *emitter) commands(o scope, id string, pod *yaml.Node, attrs map[string]string) {
	sink := shellcmd.Sink{B: e.b, Attrs: attrs}
	c := shellcmd.Consumer{ID: id, Connector: Name, Source: o.File, File: e.recordFile(o.File)}
	for _, ctr := range o.containers(pod) {
		var words []string
		line := 0
		for _, k := range []string{"command", "args"} {
			n := o.get(ctr, k)
			if n != nil && line == 0 {
				line = n.Line
			}
			for _, w := range o.items(n) {
				words = append(words, shellQuote(str(w)))
			}
		}
		if len(words) > 0 {
			sink.Emit(c, shellcmd.Scan(strings.Join(words, " ")), line)
		}
		for _, env := range o.items(o.get(ctr, "env")) {
			name, v := str(o.get(env, "name")), o.get(env, "value")
			if name == "" || v == nil || str(v) == "" {
				continue
			}
			sink.Emit(c, shellcmd.Scan(name+"="+shellQuote(str(v))), yamlnode.Line(v, o.Line))
		}
	}
}

// shellQuote quotes a word so that the shell reader sees it as one, as
// Kubernetes passes it: one argv element, never split.
func shellQuote(v string) string {
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}
