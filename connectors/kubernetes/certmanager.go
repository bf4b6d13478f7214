package kubernetes

import (
	"strings"
	"time"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// clusterResourceNamespace is where cert-manager looks for the Secrets and
// service accounts a ClusterIssuer names: its --cluster-resource-namespace
// flag, "cert-manager" unless the installation changed it.
const clusterResourceNamespace = "cert-manager"

// certManagerAPI reports whether an apiVersion is cert-manager's: the
// current cert-manager.io group or the pre-1.0 certmanager.k8s.io one.
func certManagerAPI(apiVersion string) bool {
	return strings.HasPrefix(apiVersion, "cert-manager.io/") || strings.HasPrefix(apiVersion, "certmanager.k8s.io/")
}

// certManagerObject maps a cert-manager object; kinds of the same name in
// other API groups are left alone.
func (e *emitter) certManagerObject(o scope) {
	if !certManagerAPI(o.APIVersion) {
		return
	}
	switch o.Kind {
	case "Certificate":
		e.certificate(o)
	case "Issuer", "ClusterIssuer":
		e.issuer(o)
	case "CertificateRequest":
		e.certificateRequest(o)
	}
}

// certificate maps a cert-manager Certificate: a credential of type
// certificate, the issuer it is issued by (reads: each renewal fetches a
// new certificate from it) and the Secret it writes (copy_of, kept in sync
// by cert-manager). Status, where a live dump holds it, gives the expiry.
func (e *emitter) certificate(o scope) {
	id := o.objectID("Certificate", o.Name)
	spec := o.get(o.Root, "spec")
	a := baseAttrs(o, true)
	a["cert_source"] = "cert-manager"
	a["renewal"] = "automatic"
	var dns []string
	for _, d := range o.items(o.get(spec, "dnsNames")) {
		if s := str(d); s != "" {
			dns = append(dns, s)
		}
	}
	dnsNames := ""
	if len(dns) > 0 {
		dnsNames = graph.EncodeList(dns)
	}
	setAttrs(a, map[string]string{
		"dns_names": dnsNames, "common_name": str(o.get(spec, "commonName")),
		"duration": str(o.get(spec, "duration")), "renew_before": str(o.get(spec, "renewBefore")),
		"renew_before_percentage": str(o.get(spec, "renewBeforePercentage")),
		"secret_name":             str(o.get(spec, "secretName")), "is_ca": str(o.get(spec, "isCA")),
		"private_key_rotation_policy": str(o.path(spec, "privateKey", "rotationPolicy")),
		"key_algorithm":               str(o.path(spec, "privateKey", "algorithm")),
	})
	var stores []string
	for _, k := range []string{"jks", "pkcs12"} {
		if isTrue(str(o.path(spec, "keystores", k, "create"))) {
			stores = append(stores, k)
		}
	}
	if len(stores) > 0 {
		a["keystores"] = graph.EncodeList(stores) // written into the Secret, read by a JVM at start
	}
	e.certStatus(o, a)
	ref := o.get(spec, "issuerRef")
	iid := e.issuerRef(o, str(o.get(ref, "kind")), str(o.get(ref, "group")), str(o.get(ref, "name")), yamlnode.Line(ref, o.Line))
	if iid != "" {
		a["issuer"] = iid
	}
	e.node(graph.Node{ID: id, Kind: graph.Credential, Type: "certificate", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[id] = true
	e.place(o, id, true)
	if iid != "" {
		e.edge(id, iid, graph.Reads, map[string]string{"via": "cert-manager", "delivery": "per-run"}, o.File, yamlnode.Line(ref, o.Line))
	}
	if sn := o.get(spec, "secretName"); str(sn) != "" {
		e.certSecret(o, id, str(sn), a["renew_before"], yamlnode.Line(sn, o.Line))
	}
	for _, k := range []string{"jks", "pkcs12"} {
		if r := o.path(spec, "keystores", k, "passwordSecretRef"); str(o.get(r, "name")) != "" {
			name := str(o.get(r, "name"))
			sid := o.objectID("Secret", name)
			e.secretStub(o, sid, name, yamlnode.Line(r, o.Line))
			e.edge(id, sid, graph.Uses, map[string]string{"via": "cert-manager", "field": graph.EncodeList([]string{"keystores." + k + ".passwordSecretRef"})}, o.File, yamlnode.Line(r, o.Line))
		}
	}
}

// certStatus copies what a Certificate's status says: validity, the
// renewal time cert-manager scheduled, and whether it is Ready.
func (e *emitter) certStatus(o scope, a map[string]string) {
	st := o.get(o.Root, "status")
	for k, f := range map[string]string{"not_after": "notAfter", "not_before": "notBefore", "renewal_time": "renewalTime"} {
		if v := str(o.get(st, f)); v != "" {
			a[k] = rfc3339(v)
		}
	}
	for _, c := range o.items(o.get(st, "conditions")) {
		if str(o.get(c, "type")) == "Ready" {
			a["ready"] = strings.ToLower(str(o.get(c, "status")))
		}
	}
}

// certSecret reports the Secret cert-manager writes a certificate into, as
// a copy of the certificate that cert-manager keeps in sync: renewed
// before it expires, within renewBefore.
func (e *emitter) certSecret(o scope, certID, name, renewBefore string, line int) {
	sid := o.objectID("Secret", name)
	e.node(graph.Node{ID: sid, Kind: graph.Credential, Type: "k8s-secret", Name: name,
		Attrs:    map[string]string{"cluster": o.cluster, "namespace": o.Namespace, "secret_type": "kubernetes.io/tls", "managed_by": "cert-manager"},
		Evidence: ev(o.File, line)})
	if !e.seen[sid] {
		e.seen[sid] = true
		e.place(o, sid, true)
	}
	attrs := map[string]string{"synced_by": certID, "sync": "cert-manager"}
	if renewBefore != "" {
		attrs["renew_before"] = renewBefore
	}
	e.edge(sid, certID, graph.CopyOf, attrs, o.File, line)
}

// managedSecret links a Secret cert-manager wrote, as a cluster dump shows
// it (annotation cert-manager.io/certificate-name), to its Certificate.
func (e *emitter) managedSecret(o scope, id string, a map[string]string) {
	name := a["annotation.cert-manager.io/certificate-name"]
	if name == "" || templated(name) {
		return
	}
	cid := o.objectID("Certificate", name)
	if !e.seen[cid] {
		e.stub(cid, graph.Credential, "certificate", name,
			map[string]string{"cluster": o.cluster, "namespace": o.Namespace, "cert_source": "cert-manager", "renewal": "automatic"}, o.File, o.Line)
		e.place(o, cid, true)
	}
	e.edge(id, cid, graph.CopyOf, map[string]string{"synced_by": cid, "sync": "cert-manager"}, o.File, o.Line)
}

// issuerRef reports the stub of the issuer a reference names and returns
// its ID: an Issuer in o's namespace (the default kind), a ClusterIssuer,
// or an external issuer of another API group by its kind.
func (e *emitter) issuerRef(o scope, kind, group, name string, line int) string {
	if name == "" {
		return ""
	}
	if kind == "" {
		kind = "Issuer"
	}
	typ := "cert-manager-issuer"
	if group != "" && group != "cert-manager.io" && group != "certmanager.k8s.io" {
		typ = "cert-manager-external-issuer"
	}
	attrs := map[string]string{"cluster": o.cluster, "issuer_kind": kind}
	if kind == "ClusterIssuer" {
		id := o.clusterObjectID(kind, name)
		if !e.seen[id] {
			e.stub(id, graph.Identity, typ, name, attrs, o.File, line)
			e.place(o, id, false)
		}
		return id
	}
	id := o.objectID(kind, name)
	if !e.seen[id] {
		attrs["namespace"] = o.Namespace
		e.stub(id, graph.Identity, typ, name, attrs, o.File, line)
		e.place(o, id, true)
	}
	return id
}

// certificateRequest maps a CertificateRequest, as live dumps hold them:
// its status (approved, ready) and the issuer it asks.
func (e *emitter) certificateRequest(o scope) {
	id := o.objectID(o.Kind, o.Name)
	a := baseAttrs(o, true)
	a["certificate"] = a["annotation.cert-manager.io/certificate-name"]
	for _, c := range o.items(o.path(o.Root, "status", "conditions")) {
		switch str(o.get(c, "type")) {
		case "Ready":
			a["ready"] = strings.ToLower(str(o.get(c, "status")))
		case "Approved":
			a["approved"] = strings.ToLower(str(o.get(c, "status")))
		case "Denied":
			a["denied"] = strings.ToLower(str(o.get(c, "status")))
		}
	}
	if a["certificate"] == "" {
		delete(a, "certificate")
	}
	e.node(graph.Node{ID: id, Kind: graph.Credential, Type: "certificate-request", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[id] = true
	e.place(o, id, true)
	ref := o.path(o.Root, "spec", "issuerRef")
	if iid := e.issuerRef(o, str(o.get(ref, "kind")), str(o.get(ref, "group")), str(o.get(ref, "name")), yamlnode.Line(ref, o.Line)); iid != "" {
		e.edge(id, iid, graph.Reads, map[string]string{"via": "cert-manager"}, o.File, yamlnode.Line(ref, o.Line))
	}
}

// setAttrs copies the non-empty values of kv into a.
func setAttrs(a, kv map[string]string) {
	for k, v := range kv {
		if v != "" {
			a[k] = v
		}
	}
}

// rfc3339 rewrites a time as RFC 3339 in UTC when it parses, and keeps it
// as written otherwise.
func rfc3339(s string) string {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format(time.RFC3339)
	}
	return s
}
