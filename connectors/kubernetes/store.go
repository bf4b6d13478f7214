package kubernetes

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/vaultref"
	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// store is an External Secrets Operator SecretStore or ClusterSecretStore
// as read from its manifest.
type store struct {
	o        scope
	id       string
	provider string
	// Vault: path and KV version; AWS: service and region.
	path, version   string
	service, region string
	method          string
	// auth holds the edges the store's login implies; refs the Secrets and
	// service accounts it authenticates with, resolved per consumer since a
	// ClusterSecretStore's reference without a namespace means the
	// consumer's namespace.
	auth []authEdge
	refs []authRef
}

type authEdge struct {
	to    string
	kind  graph.EdgeKind
	attrs map[string]string
	line  int
}

type authRef struct {
	kind     string // "Secret" or "ServiceAccount"
	name, ns string
	field    string
	line     int
	edge     graph.EdgeKind
}

// storeID is the node ID of a store object.
func (e *emitter) storeID(o scope) string {
	if o.Kind == "ClusterSecretStore" {
		return o.clusterObjectID(o.Kind, o.Name)
	}
	return o.objectID(o.Kind, o.Name)
}

// readStore reads a store's provider and authentication, and reports the
// Vault roles and IAM roles it logs in as.
func (e *emitter) readStore(o scope) *store {
	s := &store{o: o, id: e.storeID(o)}
	prov := o.path(o.Root, "spec", "provider")
	for _, p := range []string{"vault", "aws"} {
		if o.get(prov, p) != nil {
			s.provider = p
		}
	}
	if s.provider == "" {
		if fs := o.fields(prov); len(fs) > 0 {
			s.provider = strings.TrimSpace(fs[0].Key)
		}
	}
	cfg := o.get(prov, s.provider)
	auth := o.get(cfg, "auth")
	switch s.provider {
	case "vault":
		s.path, s.version = strings.Trim(str(o.get(cfg, "path")), "/"), str(o.get(cfg, "version"))
		if s.version == "" {
			s.version = "v2"
		}
		s.vaultAuth(e, auth)
	case "aws":
		s.service, s.region = str(o.get(cfg, "service")), str(o.get(cfg, "region"))
		if r := o.get(cfg, "role"); str(r) != "" {
			s.auth = append(s.auth, authEdge{e.awsRole(o, str(r), yamlnode.Line(r, o.Line)), graph.Assumes, map[string]string{"via": "secret-store-role"}, yamlnode.Line(r, o.Line)})
		}
		s.method = "default-credentials"
		if o.get(auth, "jwt") != nil {
			s.method = "irsa"
		} else if o.get(auth, "secretRef") != nil {
			s.method = "static-keys"
		}
	}
	s.collectRefs(auth, "", 0)
	return s
}

// vaultAuth reads the Vault auth method: kubernetes, jwt and iam log in
// as a named role; approle names its role by a role ID convene cannot map
// to a role name, and a token names no role at all.
func (s *store) vaultAuth(e *emitter, auth *yaml.Node) {
	methods := []struct{ key, mount, roleKey string }{
		{"kubernetes", "kubernetes", "role"}, {"jwt", "jwt", "role"}, {"iam", "aws", "vaultRole"},
		{"appRole", "approle", "roleRef"}, {"ldap", "ldap", ""}, {"userPass", "userpass", ""}, {"cert", "cert", ""},
	}
	for _, m := range methods {
		cfg := s.o.get(auth, m.key)
		if cfg == nil {
			continue
		}
		s.method = strings.ToLower(m.key)
		mount := str(s.o.get(cfg, "mountPath"))
		if mount == "" {
			mount = str(s.o.get(cfg, "path"))
		}
		mount = vaultAuthMount(mount, m.mount)
		if m.roleKey != "" && m.key != "appRole" {
			if r := s.o.get(cfg, m.roleKey); str(r) != "" {
				id := e.vaultRole(s.o, mount, str(r), yamlnode.Line(r, s.o.Line))
				s.auth = append(s.auth, authEdge{id, graph.AuthenticatesAs, map[string]string{"via": "secret-store", "method": s.method}, yamlnode.Line(r, s.o.Line)})
			}
		}
		if m.key == "iam" {
			if r := s.o.get(cfg, "role"); strings.HasPrefix(str(r), "arn:") {
				s.auth = append(s.auth, authEdge{e.awsRole(s.o, str(r), yamlnode.Line(r, s.o.Line)), graph.Assumes, map[string]string{"via": "secret-store"}, yamlnode.Line(r, s.o.Line)})
			}
		}
		return
	}
	if s.o.get(auth, "tokenSecretRef") != nil {
		s.method = "token"
	}
}

// collectRefs finds every Secret (…SecretRef, secretRef) and service
// account (serviceAccountRef) the auth block names, however deep the
// provider nests it.
func (s *store) collectRefs(n *yaml.Node, field string, depth int) {
	if depth > 6 {
		return
	}
	for _, f := range s.o.fields(n) {
		k, v := strings.TrimSpace(f.Key), f.V
		switch {
		case k == "serviceAccountRef" || (k == "serviceAccount" && field == "auth"):
			if name := str(s.o.get(v, "name")); name != "" {
				s.addRef(authRef{kind: "ServiceAccount", name: name, ns: str(s.o.get(v, "namespace")), field: k, line: yamlnode.Line(f.Raw, s.o.Line), edge: graph.RunsAs})
			}
		case strings.HasSuffix(strings.ToLower(k), "secretref") && str(s.o.get(v, "name")) != "":
			s.addRef(authRef{kind: "Secret", name: str(s.o.get(v, "name")), ns: str(s.o.get(v, "namespace")), field: k, line: yamlnode.Line(f.Raw, s.o.Line), edge: graph.Uses})
		default:
			s.collectRefs(v, k, depth+1)
		}
	}
}

// addRef records a reference, once per object: an access key ID and its
// secret key held in one Secret make one edge naming both fields.
func (s *store) addRef(r authRef) {
	for i := range s.refs {
		if s.refs[i].kind == r.kind && s.refs[i].name == r.name && s.refs[i].ns == r.ns {
			s.refs[i].field += "," + r.field
			return
		}
	}
	s.refs = append(s.refs, r)
}

// storeNode reports a store and the edges of its login.
func (e *emitter) storeNode(s *store) {
	if s == nil {
		return
	}
	o := s.o
	cluster := o.Kind == "ClusterSecretStore"
	a := baseAttrs(o, !cluster)
	for k, v := range map[string]string{"provider": s.provider, "vault_path": s.path, "vault_kv_version": s.version,
		"aws_service": s.service, "region": s.region, "auth_method": s.method,
		"vault_server":    str(o.path(o.Root, "spec", "provider", "vault", "server")),
		"vault_namespace": str(o.path(o.Root, "spec", "provider", "vault", "namespace"))} {
		if v != "" && (s.provider == "vault" || !strings.HasPrefix(k, "vault_")) {
			a[k] = v
		}
	}
	e.node(graph.Node{ID: s.id, Kind: graph.Identity, Type: "eso-secret-store", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[s.id] = true
	e.place(o, s.id, !cluster)
	e.authEdges(s, s.id, "", "")
}

// authEdges reports the edges of a store's login from id. A consumer in
// namespace ns resolves the references that name none; via, when set,
// names the store on each edge.
func (e *emitter) authEdges(s *store, id, ns, via string) {
	for _, a := range s.auth {
		attrs := copyAttrs(a.attrs)
		if via != "" {
			attrs["via"] = via
		}
		e.edge(id, a.to, a.kind, attrs, s.o.File, a.line)
	}
	for _, r := range s.refs {
		rns := r.ns
		if rns == "" && s.o.Kind != "ClusterSecretStore" {
			rns = s.o.Namespace
		}
		if rns == "" {
			rns = ns
		}
		if rns == "" {
			continue // a ClusterSecretStore's reference resolves per consumer
		}
		ro := s.o
		ro.Namespace = rns
		rid := ro.objectID(r.kind, r.name)
		if r.kind == "Secret" {
			e.secretStub(ro, rid, r.name, r.line)
		} else {
			e.serviceAccountStub(ro, rid, r.name, r.line)
		}
		attrs := map[string]string{"via": "secret-store-auth", "field": fieldList(r.field)}
		if via != "" {
			attrs["via"] = via
		}
		e.edge(id, rid, r.edge, attrs, s.o.File, r.line)
	}
}

func copyAttrs(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// remote is the credential a store fetches for a key.
type remote struct {
	id, typ, name, unresolved string
}

// resolve names the credential key (and version) stands for in s. A key
// of a store not in the scan, or of a provider convene does not model,
// gets an ID under the store's, unresolved.
func (s *store) resolve(storeID, key string) remote {
	if s == nil {
		return remote{storeID + "#" + key, "eso-remote-ref", key, key}
	}
	switch s.provider {
	case "vault":
		p := strings.TrimPrefix(key, "/")
		if s.path != "" && !strings.HasPrefix(p, s.path+"/") {
			p = s.path + "/" + p
		}
		r := vaultref.Parse("", p)
		rm := remote{r.ID, "vault-kv-secret", r.Path, ""}
		if r.Dynamic {
			rm.typ = "vault-dynamic-role"
		}
		if r.Unresolved {
			rm.unresolved = key
		}
		return rm
	case "aws":
		typ, scheme := "aws-secret", "aws-secretsmanager:"
		if s.service == "ParameterStore" {
			typ, scheme = "aws-ssm-parameter", "aws-ssm-parameter:"
		}
		if strings.HasPrefix(key, "arn:") && !templated(key) {
			return remote{key, typ, key[strings.LastIndexAny(key, ":/")+1:], ""}
		}
		return remote{scheme + key, typ, key, key}
	}
	return remote{storeID + "#" + key, "eso-remote-ref", key, key}
}
