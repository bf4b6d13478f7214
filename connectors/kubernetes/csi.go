package kubernetes

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// csiDriver is the Secrets Store CSI driver's name.
const csiDriver = "secrets-store.csi.k8s.io"

// providerClass is a Secrets Store CSI SecretProviderClass as read from its
// manifest.
type providerClass struct {
	o        scope
	id       string
	provider string
	remotes  []remote
	lines    []int
	// names are the objects' objectName and objectAlias, as secretObjects
	// refer to them.
	names [][]string
	// role is the Vault auth role the provider logs in as, for vault.
	role     string
	roleLine int
	// synced are the Secrets the driver keeps as copies (secretObjects).
	synced []syncedSecret
}

// syncedSecret is a Secret the driver keeps, with the objects it holds.
type syncedSecret struct {
	name    string
	line    int
	objects []string
}

// readProviderClass reads the objects a SecretProviderClass mounts. Its
// objects parameter is YAML inside a string, read the same lenient way.
func (e *emitter) readProviderClass(o scope) *providerClass {
	spec := o.get(o.Root, "spec")
	p := &providerClass{o: o, id: o.objectID(o.Kind, o.Name), provider: str(o.get(spec, "provider"))}
	params := o.get(spec, "parameters")
	objNode := o.get(params, "objects")
	var objs yaml.Node
	if text := str(objNode); text != "" && yaml.Unmarshal([]byte(text), &objs) == nil && len(objs.Content) > 0 {
		base := yamlnode.Line(objNode, o.Line)
		for _, ob := range o.items(objs.Content[0]) {
			r, ok := p.object(ob)
			if ok {
				p.remotes = append(p.remotes, r)
				p.lines = append(p.lines, base+ob.Line)
				names := []string{str(o.get(ob, "objectName")), str(o.get(ob, "objectAlias"))}
				for _, j := range o.items(o.get(ob, "jmesPath")) {
					names = append(names, str(o.get(j, "objectAlias")))
				}
				p.names = append(p.names, names)
			}
		}
	}
	if p.provider == "vault" {
		if r := o.get(params, "roleName"); str(r) != "" {
			mount := vaultAuthMount(str(o.get(params, "vaultKubernetesMountPath")), "kubernetes")
			p.role, p.roleLine = e.vaultRole(o, mount, str(r), yamlnode.Line(r, o.Line)), yamlnode.Line(r, o.Line)
		}
	}
	for _, so := range o.items(o.get(spec, "secretObjects")) {
		if name := str(o.get(so, "secretName")); name != "" {
			ss := syncedSecret{name: name, line: yamlnode.Line(so, o.Line)}
			for _, d := range o.items(o.get(so, "data")) {
				ss.objects = append(ss.objects, str(o.get(d, "objectName")))
			}
			p.synced = append(p.synced, ss)
		}
	}
	return p
}

// object names the credential one provider object stands for.
func (p *providerClass) object(ob *yaml.Node) (remote, bool) {
	name := str(p.o.get(ob, "objectName"))
	switch p.provider {
	case "vault":
		sp := str(p.o.get(ob, "secretPath"))
		if sp == "" {
			return remote{}, false
		}
		st := &store{provider: "vault"}
		return st.resolve("", sp), true
	case "aws":
		if name == "" {
			return remote{}, false
		}
		svc := "SecretsManager"
		if t := strings.ToLower(str(p.o.get(ob, "objectType"))); t == "ssmparameter" || strings.HasPrefix(name, "arn:aws:ssm:") {
			svc = "ParameterStore"
		}
		st := &store{provider: "aws", service: svc}
		return st.resolve("", name), true
	}
	if name == "" {
		return remote{}, false
	}
	return remote{p.id + "#" + name, "csi-remote-object", name, name}, true
}

// providerClassNode reports a SecretProviderClass, the remote credentials
// it reads and the Secrets it syncs as copies of them.
func (e *emitter) providerClassNode(p *providerClass) {
	if p == nil {
		return
	}
	o := p.o
	a := baseAttrs(o, true)
	a["provider"] = p.provider
	e.node(graph.Node{ID: p.id, Kind: graph.Credential, Type: "k8s-secret-provider-class", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)})
	e.seen[p.id] = true
	e.place(o, p.id, true)
	for i, r := range p.remotes {
		e.remoteStub(o, r, p.lines[i])
		e.edge(p.id, r.id, graph.Reads, map[string]string{"via": "secrets-store-csi", "provider": p.provider}, o.File, p.lines[i])
	}
	if p.role != "" {
		e.edge(p.id, p.role, graph.AuthenticatesAs, map[string]string{"via": "secrets-store-csi"}, o.File, p.roleLine)
	}
	for _, s := range p.synced {
		sid := o.objectID("Secret", s.name)
		e.secretStub(o, sid, s.name, s.line)
		for i, r := range p.remotes {
			if p.holds(s, i) {
				e.edge(sid, r.id, graph.CopyOf, map[string]string{"synced_by": p.id}, o.File, p.lines[i])
			}
		}
	}
}

// holds reports whether synced Secret s holds object i: its data names
// the object by objectName, objectAlias or a jmesPath alias. A
// secretObject that lists no data is taken to hold every object.
func (p *providerClass) holds(s syncedSecret, i int) bool {
	if len(s.objects) == 0 {
		return true
	}
	for _, name := range s.objects {
		if name != "" && slices.Contains(p.names[i], name) {
			return true
		}
	}
	return false
}

func (e *emitter) remoteStub(o scope, r remote, line int) {
	attrs := map[string]string{}
	if r.unresolved != "" {
		attrs["unresolved"] = graph.EncodeList([]string{r.unresolved})
	}
	e.stub(r.id, graph.Credential, r.typ, r.name, attrs, o.File, line)
}

// csiMounts reports the SecretProviderClasses a pod mounts: the workload
// reads the class and, when the scan declared it, each of its objects
// directly (and logs in as its Vault role), since the driver fetches them
// with the pod's own identity.
func (e *emitter) csiMounts(o scope, id string, pod *yaml.Node) {
	for _, v := range o.items(o.get(pod, "volumes")) {
		csi := o.get(v, "csi")
		if str(o.get(csi, "driver")) != csiDriver {
			continue
		}
		ref := o.path(csi, "volumeAttributes", "secretProviderClass")
		name := str(ref)
		if name == "" {
			continue
		}
		line := yamlnode.Line(ref, o.Line)
		pid := o.objectID("SecretProviderClass", name)
		p := e.spcs[pid]
		if p == nil && !e.seen[pid] {
			e.stub(pid, graph.Credential, "k8s-secret-provider-class", name, map[string]string{"cluster": o.cluster, "namespace": o.Namespace}, o.File, line)
			e.place(o, pid, true)
		}
		e.edge(id, pid, graph.Reads, map[string]string{"via": "secrets-store-csi", "volume": str(o.get(v, "name"))}, o.File, line)
		if p == nil {
			continue
		}
		for i, r := range p.remotes {
			e.remoteStub(p.o, r, p.lines[i])
			e.edge(id, r.id, graph.Reads, map[string]string{"via": "secrets-store-csi", "secret_provider_class": name}, o.File, line)
		}
		if p.role != "" {
			e.edge(id, p.role, graph.AuthenticatesAs, map[string]string{"via": "secrets-store-csi"}, o.File, line)
		}
	}
}
