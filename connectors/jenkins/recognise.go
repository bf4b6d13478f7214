package jenkins

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// credUse is one place the pipeline binds a Jenkins credential.
type credUse struct {
	id, binding, step, stage string
	vars                     []string
	line                     int
}

// roleUse is an IAM role withAWS assumes.
type roleUse struct {
	arn, stage string
	line       int
}

// vaultRead is one Vault path withVault reads.
type vaultRead struct {
	id, path, stage string
	keys, envs      []string
	line            int
}

// trigger is a cron or pollSCM timetable.
type trigger struct {
	kind, spec string
	line       int
}

// warning is a problem in a file that was still read.
type warning struct {
	line int
	msg  string
}

// recogniser turns the calls the parser meets into facts.
type recogniser struct {
	creds      []credUse
	roles      []roleUse
	reads      []vaultRead
	triggers   []trigger
	stages     []string
	unresolved []string
	warnings   []warning
	style      string
	registries []string
	inline     []inline
}

// inline is a credential-looking value written into the file, kept by
// fingerprint only.
type inline struct {
	key, fingerprint string
	line             int
}

// literal records NAME = 'value' when the name says it holds a credential
// and the value looks like one: never the value, only its fingerprint.
func (r *recogniser) literal(name, val string, line int) {
	if !secretlit.Value(val) || !secretlit.Name(name) {
		return
	}
	r.inline = append(r.inline, inline{name, secretlit.Fingerprint(val), line})
}

func (r *recogniser) unresolve(line int, what string) {
	s := what + " (line " + itoa(line) + ")"
	if !slices.Contains(r.unresolved, s) {
		r.unresolved = append(r.unresolved, s)
	}
}

// stageOf names the innermost enclosing stage.
func stageOf(frames []frame) string {
	for i := len(frames) - 1; i >= 0; i-- {
		if frames[i].name == "stage" {
			return frames[i].arg
		}
	}
	return ""
}

// credential records one bound credential id, or why it is unresolved.
func (r *recogniser) credential(idv value, binding, step string, vars []string, frames []frame, line int) {
	id, ok := idv.literal()
	if !ok {
		if idv.kind != vOther || idv.str != "" || idv.interp {
			r.unresolve(line, step+" credentials id "+idv.raw())
		}
		return
	}
	if id = strings.TrimSpace(id); id == "" {
		return
	}
	r.creds = append(r.creds, credUse{id: id, binding: binding, step: step, stage: stageOf(frames), vars: vars, line: line})
}

// call recognises one call. assign is the variable the enclosing statement
// assigns to (X = credentials('id')).
func (r *recogniser) call(c value, frames []frame, assign string) {
	name := c.str
	short := name[strings.LastIndex(name, ".")+1:]
	switch short {
	case "pipeline":
		if len(frames) == 0 {
			r.style = "declarative"
		}
	case "stage":
		if len(c.items) > 0 {
			if s, ok := c.items[0].literal(); ok && !slices.Contains(r.stages, s) {
				r.stages = append(r.stages, s)
			}
		}
	case "withCredentials":
		// Binding calls (string(…), aws(…)) were recognised as they were
		// read; the legacy [$class: …] maps are read here.
		for _, list := range c.items {
			if list.kind != vList {
				r.unresolve(c.line, "withCredentials bindings "+list.raw())
				continue
			}
			for _, b := range list.items {
				if b.kind != vCall {
					r.binding(b, frames)
				}
			}
		}
	case "credentials":
		if len(c.items) > 0 {
			var vars []string
			if assign != "" {
				vars = []string{assign}
			}
			r.credential(c.items[0], "credentials", "credentials", vars, frames, c.line)
		}
	case "sshagent":
		list, ok := c.arg("credentials")
		if !ok && len(c.items) > 0 {
			list = c.items[0]
		}
		items := list.items
		if list.kind != vList {
			items = []value{list}
		}
		for _, it := range items {
			r.credential(it, "sshagent", "sshagent", nil, frames, it.line)
		}
	case "withAWS":
		r.withAWS(c, frames)
	case "withVault":
		r.withVault(c, frames)
	case "withRegistry":
		if len(c.items) >= 2 {
			if u, ok := c.items[0].literal(); ok && u != "" {
				r.registries = append(r.registries, u)
			}
			r.credential(c.items[1], "docker-registry", name, nil, frames, c.line)
		}
	case "cron", "pollSCM":
		if len(c.items) > 0 {
			if s, ok := c.items[0].literal(); ok {
				r.triggers = append(r.triggers, trigger{kind: short, spec: s, line: c.line})
			} else {
				r.unresolve(c.line, short+" spec "+c.items[0].raw())
			}
		}
	default:
		if bindingNames[short] && !strings.Contains(name, ".") {
			if _, ok := c.arg("credentialsId"); ok || short == "azureServicePrincipal" && len(c.items) > 0 {
				r.binding(c, frames)
				return
			}
		}
		r.generic(c, short, frames)
	}
}

// bindingNames are withCredentials' binding steps, from the Credentials
// Binding plugin and the plugins that add bindings.
var bindingNames = map[string]bool{
	"string": true, "file": true, "zip": true, "usernamePassword": true, "usernameColonPassword": true,
	"sshUserPrivateKey": true, "certificate": true, "dockerCert": true, "aws": true,
	"amazonWebServicesCredentials": true, "azureServicePrincipal": true, "gitUsernamePassword": true,
	"gitSshPrivateKey": true, "kubeconfigFile": true, "kubeconfigContent": true, "string_binding": true,
	"conjurSecretCredential": true, "vaultString": true, "vaultFile": true, "gcpServiceAccount": true,
}

// idKeys are the argument names steps use for a credentials id.
var idKeys = []string{"credentialsId", "credentialId", "credentialsID", "vaultCredentialId"}

// generic finds credentials ids in any other step's arguments, at any
// depth (checkout's userRemoteConfigs, git, withDockerRegistry, plugins'
// own steps), so that no binding is silently dropped.
func (r *recogniser) generic(c value, step string, frames []frame) {
	var walk func(v value, depth int)
	walk = func(v value, depth int) {
		if depth > 8 {
			return
		}
		for _, n := range v.named {
			if slices.Contains(idKeys, n.key) {
				r.credential(n.val, "step", step, nil, frames, lineOr(n.val.line, c.line))
				continue
			}
			if n.val.kind == vList || n.val.kind == vMap {
				walk(n.val, depth+1)
			}
		}
		for _, it := range v.items {
			if it.kind == vList || it.kind == vMap {
				walk(it, depth+1)
			}
		}
	}
	walk(c, 0)
}

func lineOr(a, b int) int {
	if a > 0 {
		return a
	}
	return b
}

// varKeys are the argument names of withCredentials bindings that name an
// environment variable.
func bindingVars(b value) []string {
	var out []string
	for _, n := range b.named {
		if n.key == "variable" || strings.HasSuffix(n.key, "Variable") {
			if s, ok := n.val.literal(); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// binding reads one withCredentials binding: a call such as
// string(credentialsId: 'x', variable: 'Y'), or the legacy
// [$class: 'StringBinding', credentialsId: 'x', variable: 'Y'].
func (r *recogniser) binding(b value, frames []frame) {
	typ := b.str
	if b.kind == vMap {
		if cls, ok := b.arg("$class"); ok {
			typ, _ = cls.literal()
		}
	}
	if b.kind != vCall && b.kind != vMap {
		r.unresolve(b.line, "withCredentials binding "+b.raw())
		return
	}
	id, ok := b.arg("credentialsId")
	if !ok && len(b.items) > 0 {
		id, ok = b.items[0], true // azureServicePrincipal('id')
	}
	if !ok {
		r.unresolve(b.line, "withCredentials "+typ+" without credentialsId")
		return
	}
	r.credential(id, typ, "withCredentials", bindingVars(b), frames, lineOr(id.line, b.line))
}
