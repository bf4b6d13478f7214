package kubernetes

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/vaultref"
	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// issuerBackends are the issuer types cert-manager ships, in the order
// they are looked for.
var issuerBackends = []string{"vault", "acme", "ca", "selfSigned", "venafi"}

// issuer maps a cert-manager Issuer or ClusterIssuer: an identity of type
// cert-manager-issuer whose backend is an edge — the Vault PKI role it
// signs with (reads), the Vault auth role and service account it logs in
// with, the ACME account key and the DNS provider credentials of its
// solvers, the CA key pair Secret of a CA issuer (uses).
func (e *emitter) issuer(o scope) {
	cluster := o.Kind == "ClusterIssuer"
	id := o.objectID(o.Kind, o.Name)
	ro := o // the namespace its references resolve in
	if cluster {
		id = o.clusterObjectID(o.Kind, o.Name)
		ro.Namespace, ro.NamespaceDefaulted = clusterResourceNamespace, false
	}
	spec := o.get(o.Root, "spec")
	a := baseAttrs(o, !cluster)
	a["issuer_kind"] = o.Kind
	backend := ""
	for _, b := range issuerBackends {
		if o.get(spec, b) != nil {
			backend = b
			break
		}
	}
	if backend != "" {
		a["issuer_type"] = backend
	}
	cfg := o.get(spec, backend)
	switch backend {
	case "vault":
		setAttrs(a, map[string]string{"vault_server": str(o.get(cfg, "server")), "vault_path": str(o.get(cfg, "path")),
			"vault_namespace": str(o.get(cfg, "namespace")), "vault_auth_method": o.vaultAuthMethod(o.get(cfg, "auth"))})
	case "acme":
		setAttrs(a, map[string]string{"acme_server": str(o.get(cfg, "server")), "acme_email": str(o.get(cfg, "email"))})
		graph.AppendList(a, "acme_solvers", o.acmeSolvers(cfg)...)
	}
	e.node(graph.Node{ID: id, Kind: graph.Identity, Type: "cert-manager-issuer", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[id] = true
	e.place(o, id, !cluster)
	switch backend {
	case "vault":
		e.vaultIssuer(o, ro, id, cfg)
	case "acme":
		for _, s := range o.items(o.get(cfg, "solvers")) {
			if r := o.path(s, "dns01", "route53", "role"); str(r) != "" {
				e.edge(id, e.awsRole(o, str(r), yamlnode.Line(r, o.Line)), graph.Assumes, map[string]string{"via": "acme-dns01-route53"}, o.File, yamlnode.Line(r, o.Line))
			}
		}
	}
	for _, r := range o.serviceAccountRefs(cfg, 0) {
		said := ro.objectID("ServiceAccount", r.name)
		e.serviceAccountStub(ro, said, r.name, r.line)
		e.edge(id, said, graph.RunsAs, map[string]string{"via": "cert-manager-issuer", "field": fieldList(r.field)}, o.File, r.line)
	}
	for _, r := range o.secretRefs(cfg, backend, 0) {
		sid := ro.objectID("Secret", r.name)
		e.secretStub(ro, sid, r.name, r.line)
		e.edge(id, sid, graph.Uses, map[string]string{"via": "cert-manager-issuer", "field": fieldList(r.field)}, o.File, r.line)
	}
}

// vaultIssuer reports a Vault issuer's PKI role and login: the role a
// sign (or issue) path names, the auth role it logs in as and the service
// account whose token it logs in with.
func (e *emitter) vaultIssuer(o, ro scope, id string, cfg *yaml.Node) {
	p := o.get(cfg, "path")
	if str(p) != "" {
		r := vaultref.Parse("", str(p))
		typ := "vault-pki-endpoint"
		name := r.Path
		if r.PKI {
			typ, name = r.Type(), r.Path[strings.LastIndexByte(r.Path, '/')+1:]
		}
		attrs := map[string]string{"engine": "pki"}
		if r.Unresolved {
			attrs["unresolved"] = graph.EncodeList([]string{str(p)})
		}
		e.stub(r.ID, graph.Credential, typ, name, attrs, o.File, yamlnode.Line(p, o.Line))
		op := "sign"
		if segs := strings.Split(strings.Trim(str(p), "/"), "/"); len(segs) == 3 && segs[1] == "issue" {
			op = "issue"
		}
		e.edge(id, r.ID, graph.Reads, map[string]string{"via": "cert-manager", "vault_op": op, "delivery": "per-run"}, o.File, yamlnode.Line(p, o.Line))
	}
	auth := o.get(cfg, "auth")
	if k := o.get(auth, "kubernetes"); k != nil {
		mount := strings.TrimPrefix(strings.Trim(str(o.get(k, "mountPath")), "/"), "v1/")
		if r := o.get(k, "role"); str(r) != "" {
			rid := e.vaultRole(o, vaultAuthMount(mount, "kubernetes"), str(r), yamlnode.Line(r, o.Line))
			e.edge(id, rid, graph.AuthenticatesAs, map[string]string{"via": "cert-manager-issuer", "method": "kubernetes"}, o.File, yamlnode.Line(r, o.Line))
		}
	}
}

// vaultAuthMethod names how a Vault issuer logs in.
func (rd *reader) vaultAuthMethod(auth *yaml.Node) string {
	for _, m := range []string{"kubernetes", "appRole", "tokenSecretRef", "clientCertificate"} {
		if rd.get(auth, m) != nil {
			return strings.TrimSuffix(m, "SecretRef")
		}
	}
	return ""
}

// serviceAccountRefs finds the service accounts whose tokens an issuer's
// backend logs in with, however deep (Vault kubernetes auth, an ACME
// route53 solver's auth.kubernetes).
func (rd *reader) serviceAccountRefs(n *yaml.Node, depth int) []ref {
	n = rd.deref(n)
	if n == nil || depth > 8 {
		return nil
	}
	var out []ref
	var kids []*yaml.Node
	switch n.Kind {
	case yaml.SequenceNode:
		kids = rd.items(n)
	case yaml.MappingNode:
		for _, f := range rd.fields(n) {
			if f.Key == "serviceAccountRef" && str(rd.get(f.V, "name")) != "" {
				out = append(out, ref{"serviceAccountRef", str(rd.get(f.V, "name")), yamlnode.Line(f.Raw, 1)})
				continue
			}
			kids = append(kids, f.V)
		}
	}
	for _, k := range kids {
		for _, r := range rd.serviceAccountRefs(k, depth+1) {
			if !slices.ContainsFunc(out, func(x ref) bool { return x.name == r.name }) {
				out = append(out, r)
			}
		}
	}
	return out
}

// ref is a Secret an issuer names.
type ref struct {
	field, name string
	line        int
}

// secretRefs finds the Secrets an issuer's backend names, however deep:
// every …SecretRef and secretRef with a name (Vault tokens and AppRole
// secret IDs, the ACME account key, DNS provider credentials, Venafi
// credentials), and a CA issuer's secretName.
func (rd *reader) secretRefs(n *yaml.Node, field string, depth int) []ref {
	n = rd.deref(n)
	if n == nil || depth > 8 {
		return nil
	}
	var out []ref
	add := func(r ref) {
		i := slices.IndexFunc(out, func(x ref) bool { return x.name == r.name })
		switch {
		case i < 0:
			out = append(out, r)
		case !slices.Contains(strings.Split(out[i].field, ","), r.field):
			out[i].field += "," + r.field
		}
	}
	switch n.Kind {
	case yaml.SequenceNode:
		for _, c := range rd.items(n) {
			for _, r := range rd.secretRefs(c, field, depth+1) {
				add(r)
			}
		}
	case yaml.MappingNode:
		for _, f := range rd.fields(n) {
			k, v := strings.TrimSpace(f.Key), f.V
			lk := strings.ToLower(k)
			switch {
			case (strings.HasSuffix(lk, "secretref") || lk == "credentialsref") && str(rd.get(v, "name")) != "":
				add(ref{k, str(rd.get(v, "name")), yamlnode.Line(f.Raw, 1)})
			case k == "secretName" && field == "ca" && str(v) != "":
				add(ref{"ca.secretName", str(v), yamlnode.Line(f.Raw, 1)})
			default:
				for _, r := range rd.secretRefs(v, k, depth+1) {
					add(r)
				}
			}
		}
	}
	return out
}

// acmeSolvers lists an ACME issuer's challenge solvers: http01, and
// dns01 with its provider (dns01:cloudflare).
func (rd *reader) acmeSolvers(cfg *yaml.Node) []string {
	var out []string
	for _, s := range rd.items(rd.get(cfg, "solvers")) {
		var name string
		switch {
		case rd.get(s, "http01") != nil:
			name = "http01"
		case rd.get(s, "dns01") != nil:
			name = "dns01"
			for _, f := range rd.fields(rd.get(s, "dns01")) {
				if k := strings.TrimSpace(f.Key); k != "cnameStrategy" {
					name += ":" + k
					break
				}
			}
		}
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// fieldList is the field attribute of an issuer's or store's edge: the
// spec fields that name one object, gathered comma-joined (they are YAML
// keys, which hold no comma), as a JSON array.
func fieldList(fields string) string {
	return graph.EncodeList(strings.Split(fields, ","))
}
