package kubernetes

import (
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/vaultref"
	"github.com/convene-dev/convene/graph"
)

// The Vault Agent injector's annotations.
const (
	vaultPrefix    = "vault.hashicorp.com/"
	injectSecret   = vaultPrefix + "agent-inject-secret-"
	injectTemplate = vaultPrefix + "agent-inject-template-"
	injectCommand  = vaultPrefix + "agent-inject-command-"
	annInject      = vaultPrefix + "agent-inject"
	annRole        = vaultPrefix + "role"
	annAuthPath    = vaultPrefix + "auth-path"
	annNamespace   = vaultPrefix + "namespace"
	annPrePopulate = vaultPrefix + "agent-pre-populate-only"
)

// templateSecret finds the paths a consul-template template reads:
// {{ with secret "path" }}, {{ secret "path" }}, pkiCert.
var templateSecret = regexp.MustCompile(`\b(?:secret|pkiCert)\s+"([^"]+)"`)

// vaultAgent maps the Vault Agent injector's annotations on a pod
// template: the agent logs in as the role (authenticates_as) and reads each
// injected secret (reads). A pre-populate-only agent reads once at pod
// start, which the reads edges say (refresh: start); an
// agent-inject-command for the file says the application is told to re-read
// it (reload: command).
func (e *emitter) vaultAgent(o scope, id string, annotations *yaml.Node) {
	ann := o.pairs(annotations)
	get := func(k string) (string, int) {
		for _, p := range ann {
			if p.key == k {
				return strings.TrimSpace(p.val), p.line
			}
		}
		return "", 0
	}
	inject, injLine := get(annInject)
	role, roleLine := get(annRole)
	if !isTrue(inject) && role == "" {
		return
	}
	ns, _ := get(annNamespace)
	start := ""
	if v, _ := get(annPrePopulate); isTrue(v) {
		start = "start"
	}
	if role != "" {
		mount, _ := get(annAuthPath)
		rid := e.vaultRole(o, vaultAuthMount(mount, "kubernetes"), role, roleLine)
		attrs := map[string]string{"via": "vault-agent"}
		if ns != "" {
			attrs["vault_namespace"] = ns
		}
		e.edge(id, rid, graph.AuthenticatesAs, attrs, o.File, roleLine)
	} else {
		roleLine = injLine
	}
	type read struct {
		path, file string
		line       int
	}
	var reads []read
	for _, p := range ann {
		switch {
		case strings.HasPrefix(p.key, injectSecret):
			reads = append(reads, read{strings.TrimSpace(p.val), strings.TrimPrefix(p.key, injectSecret), p.line})
		case strings.HasPrefix(p.key, injectTemplate):
			for _, m := range templateSecret.FindAllStringSubmatch(p.val, -1) {
				reads = append(reads, read{m[1], strings.TrimPrefix(p.key, injectTemplate), p.line})
			}
		}
	}
	done := map[string][]string{}
	var order []string
	lines := map[string]int{}
	for _, r := range reads {
		if r.path == "" {
			continue
		}
		cid := e.vaultSecret(o, r.path, r.line)
		if _, ok := done[cid]; !ok {
			order = append(order, cid)
			lines[cid] = r.line
		}
		if !slices.Contains(done[cid], r.file) {
			done[cid] = append(done[cid], r.file)
		}
	}
	for _, cid := range order {
		attrs := map[string]string{"via": "vault-agent", "file": graph.EncodeList(done[cid])}
		if ns != "" {
			attrs["vault_namespace"] = ns
		}
		if start != "" {
			attrs["refresh"] = start
		}
		// A command the agent runs after each render (a reload signal)
		// is what makes the application re-read the file.
		for _, f := range done[cid] {
			if cmd, _ := get(injectCommand + f); cmd != "" {
				attrs["reload"] = "command"
			}
		}
		e.edge(id, cid, graph.Reads, attrs, o.File, lines[cid])
	}
}

// vaultAuthMount normalises an auth path ("auth/kubernetes-eu/",
// "kubernetes") to the mount as IDs spell it.
func vaultAuthMount(p, def string) string {
	p = strings.Trim(strings.TrimSpace(p), "/")
	p = strings.TrimPrefix(p, "auth/")
	if p == "" {
		return def
	}
	return p
}

// vaultRole reports the stub of a Vault auth role and returns its ID. The
// default Vault cluster is assumed: a manifest does not say which Vault it
// logs in to in a way that names a configured cluster.
func (e *emitter) vaultRole(o scope, mount, role string, line int) string {
	id := vaultref.Prefix("") + "auth/" + mount + "/role/" + role
	e.stub(id, graph.Identity, "vault-auth-role", role, map[string]string{"mount": mount}, o.File, line)
	return id
}

// vaultSecret reports the stub of a Vault secret or dynamic role a
// manifest reads and returns its ID.
func (e *emitter) vaultSecret(o scope, p string, line int) string {
	r := vaultref.Parse("", p)
	typ := r.Type()
	attrs := map[string]string{}
	if r.Unresolved {
		attrs["unresolved"] = graph.EncodeList([]string{p})
	}
	name := r.Path
	if r.PKI { // the role's name, as the Vault connector names it
		name = r.Path[strings.LastIndexByte(r.Path, '/')+1:]
	}
	e.stub(r.ID, graph.Credential, typ, name, attrs, o.File, line)
	return r.ID
}
