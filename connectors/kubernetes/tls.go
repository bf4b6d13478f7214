package kubernetes

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// The annotations with which cert-manager's ingress-shim makes a
// Certificate for an Ingress's or a Gateway's TLS Secrets.
const (
	annClusterIssuer = "cert-manager.io/cluster-issuer"
	annIssuer        = "cert-manager.io/issuer"
	annIssuerKind    = "cert-manager.io/issuer-kind"
	annIssuerGroup   = "cert-manager.io/issuer-group"
)

// tlsUse is one TLS Secret an Ingress or Gateway presents.
type tlsUse struct {
	name, ns string
	hosts    []string
	line     int
}

// ingress maps an Ingress that terminates TLS: a workload of type
// k8s-ingress that presents the Secret of each spec.tls entry (uses; the
// controller reloads a changed Secret, so delivery is per-run). An Ingress
// without TLS holds no credential and is not mapped.
func (e *emitter) ingress(o scope) {
	var uses []tlsUse
	for _, t := range o.items(o.path(o.Root, "spec", "tls")) {
		sn := o.get(t, "secretName")
		if str(sn) == "" {
			continue
		}
		u := tlsUse{name: str(sn), line: yamlnode.Line(sn, o.Line)}
		for _, h := range o.items(o.get(t, "hosts")) {
			u.hosts = append(u.hosts, str(h))
		}
		uses = append(uses, u)
	}
	e.presenter(o, "k8s-ingress", uses, map[string]string{"ingress_class": str(o.path(o.Root, "spec", "ingressClassName"))})
}

// gateway maps a Gateway API Gateway: a workload of type k8s-gateway that
// presents the Secrets its listeners' tls.certificateRefs name.
func (e *emitter) gateway(o scope) {
	var uses []tlsUse
	for _, l := range o.items(o.path(o.Root, "spec", "listeners")) {
		host := str(o.get(l, "hostname"))
		for _, r := range o.items(o.path(l, "tls", "certificateRefs")) {
			if k := str(o.get(r, "kind")); k != "" && k != "Secret" {
				continue
			}
			u := tlsUse{name: str(o.get(r, "name")), ns: str(o.get(r, "namespace")), line: yamlnode.Line(r, o.Line)}
			if u.name == "" {
				continue
			}
			if host != "" {
				u.hosts = []string{host}
			}
			if i := slices.IndexFunc(uses, func(x tlsUse) bool { return x.name == u.name && x.ns == u.ns }); i >= 0 {
				uses[i].hosts = append(uses[i].hosts, u.hosts...)
				continue
			}
			uses = append(uses, u)
		}
	}
	e.presenter(o, "k8s-gateway", uses, map[string]string{"gateway_class": str(o.path(o.Root, "spec", "gatewayClassName"))})
}

// presenter reports an object that presents TLS Secrets, its uses edges
// and, when ingress-shim annotations ask for it, the Certificate
// cert-manager makes for each Secret (named after the Secret).
func (e *emitter) presenter(o scope, typ string, uses []tlsUse, extra map[string]string) {
	if len(uses) == 0 {
		return
	}
	id := o.objectID(o.Kind, o.Name)
	a := baseAttrs(o, true)
	setAttrs(a, extra)
	var hosts []string
	for _, u := range uses {
		for _, h := range u.hosts {
			if h != "" && !slices.Contains(hosts, h) {
				hosts = append(hosts, h)
			}
		}
	}
	if len(hosts) > 0 {
		a["hosts"] = graph.EncodeList(hosts)
	}
	e.node(graph.Node{ID: id, Kind: graph.Workload, Type: typ, Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.place(o, id, true)
	issuerKind, issuer := "Issuer", a["annotation."+annIssuer]
	if ci := a["annotation."+annClusterIssuer]; ci != "" {
		issuerKind, issuer = "ClusterIssuer", ci
	} else if k := a["annotation."+annIssuerKind]; k != "" {
		issuerKind = k
	}
	for _, u := range uses {
		so := o
		if u.ns != "" {
			so.Namespace, so.NamespaceDefaulted = u.ns, false
		}
		sid := so.objectID("Secret", u.name)
		e.secretStub(so, sid, u.name, u.line)
		attrs := map[string]string{"via": strings.TrimPrefix(typ, "k8s-") + "-tls", "delivery": "per-run"}
		if len(u.hosts) > 0 {
			attrs["hosts"] = graph.EncodeList(u.hosts)
		}
		e.edge(id, sid, graph.Uses, attrs, o.File, u.line)
		if issuer != "" && u.ns == "" {
			e.shimCertificate(o, u, issuerKind, a["annotation."+annIssuerGroup], issuer)
		}
	}
}

// shimCertificate reports the Certificate ingress-shim makes for a TLS
// Secret: named after the Secret, for the hosts that use it.
func (e *emitter) shimCertificate(o scope, u tlsUse, kind, group, issuer string) {
	cid := o.objectID("Certificate", u.name)
	if !e.seen[cid] {
		a := map[string]string{"cluster": o.cluster, "namespace": o.Namespace, "cert_source": "cert-manager",
			"renewal": "automatic", "secret_name": u.name, "generated_by": "ingress-shim"}
		if len(u.hosts) > 0 {
			a["dns_names"] = graph.EncodeList(u.hosts)
		}
		e.stub(cid, graph.Credential, "certificate", u.name, a, o.File, u.line)
		e.place(o, cid, true)
	}
	if iid := e.issuerRef(o, kind, group, issuer, u.line); iid != "" {
		e.edge(cid, iid, graph.Reads, map[string]string{"via": "cert-manager", "delivery": "per-run"}, o.File, u.line)
	}
	e.certSecret(o, cid, u.name, "", u.line)
}
