package kubernetes

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// podTemplate returns the pod template of a workload kind: the object
// itself for a Pod, spec.jobTemplate.spec.template for a CronJob and
// spec.template for the controllers.
func podTemplate(o scope) *yaml.Node {
	switch o.Kind {
	case "Pod":
		return o.Root
	case "CronJob":
		return o.path(o.Root, "spec", "jobTemplate", "spec", "template")
	}
	return o.path(o.Root, "spec", "template")
}

// workload maps a pod-running object: its node (with the schedule of a
// CronJob), the service account it runs as, the Secrets it consumes, its
// Vault Agent logins and reads, and its CSI secret mounts.
func (e *emitter) workload(o scope) {
	id := o.objectID(o.Kind, o.Name)
	a := baseAttrs(o, true)
	n := graph.Node{ID: id, Kind: graph.Workload, Type: "k8s-workload", Name: o.Name, Attrs: a, Evidence: ev(o.File, o.Line)}
	spec := o.get(o.Root, "spec")
	if o.Kind == "CronJob" {
		if s := o.get(spec, "schedule"); str(s) != "" {
			n.Schedule = &graph.Schedule{Expr: str(s), Dialect: graph.Cron, TimeZone: str(o.get(spec, "timeZone"))}
		}
		if isTrue(str(o.get(spec, "suspend"))) {
			a["suspend"] = "true"
		}
		if cp := str(o.get(spec, "concurrencyPolicy")); cp != "" {
			a["concurrency_policy"] = cp
		}
	}
	tmpl := podTemplate(o)
	pod := o.get(tmpl, "spec")
	e.place(o, id, true)

	sa := str(o.get(pod, "serviceAccountName"))
	if sa == "" {
		sa = str(o.get(pod, "serviceAccount")) // the deprecated spelling
	}
	saLine := yamlnode.Line(o.get(pod, "serviceAccountName"), yamlnode.Line(pod, o.Line))
	if sa == "" {
		sa, a["service_account_defaulted"] = "default", "true"
	}
	a["service_account"] = sa
	if v := str(o.get(pod, "automountServiceAccountToken")); v != "" {
		a["automount_service_account_token"] = strings.ToLower(v)
	}
	var images []string
	for _, c := range o.containers(pod) {
		if img := str(o.get(c, "image")); img != "" && !slices.Contains(images, img) {
			images = append(images, img)
		}
	}
	if len(images) > 0 {
		a["images"] = graph.EncodeList(images)
	}
	labels := o.get(o.get(tmpl, "metadata"), "labels")
	if o.Kind == "Pod" {
		labels = o.get(o.get(o.Root, "metadata"), "labels")
	}
	var saAttrs map[string]string
	if isTrue(str(o.get(labels, labelAzureUse))) {
		// Azure's webhook projects the account's identity token into the pods.
		a["azure_workload_identity"] = "true"
		saAttrs = map[string]string{"azure_workload_identity": "true"}
	}
	e.commands(o, id, pod, a)
	e.node(n)

	saID := o.objectID("ServiceAccount", sa)
	e.serviceAccountStub(o, saID, sa, saLine)
	e.edge(id, saID, graph.RunsAs, saAttrs, o.File, saLine)

	e.secretUses(o, id, pod)
	annotations := o.get(o.get(tmpl, "metadata"), "annotations")
	if o.Kind == "Pod" {
		annotations = o.get(o.get(o.Root, "metadata"), "annotations")
	}
	e.vaultAgent(o, id, annotations)
	e.csiMounts(o, id, pod)
}

// containers returns a pod spec's containers, init and ephemeral ones
// included: any of them can read a Secret.
func (rd *reader) containers(pod *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for _, k := range []string{"initContainers", "containers", "ephemeralContainers"} {
		out = append(out, rd.items(rd.get(pod, k))...)
	}
	return out
}

// serviceAccountStub reports a service account named by a reference.
func (e *emitter) serviceAccountStub(o scope, id, name string, line int) {
	if e.seen[id] {
		return
	}
	e.stub(id, graph.Identity, "k8s-service-account", name,
		map[string]string{"cluster": o.cluster, "namespace": o.Namespace}, o.File, line)
	e.place(o, id, true)
}

// secretStub reports a Secret named by a reference.
func (e *emitter) secretStub(o scope, id, name string, line int) {
	if e.seen[id] {
		return
	}
	e.stub(id, graph.Credential, "k8s-secret", name,
		map[string]string{"cluster": o.cluster, "namespace": o.Namespace}, o.File, line)
	e.place(o, id, true)
}

// secretUse gathers how a workload consumes one Secret, so that its edge
// says every variable, key and path at once.
type secretUse struct {
	name             string
	line             int
	envs, keys, vias []string
}

func (u *secretUse) add(list *[]string, v string) {
	if v != "" && !slices.Contains(*list, v) {
		*list = append(*list, v)
	}
}

// secretUses reports a uses edge to every Secret the pod consumes: env
// secretKeyRef, envFrom secretRef, secret and projected volumes and
// imagePullSecrets.
func (e *emitter) secretUses(o scope, id string, pod *yaml.Node) {
	var uses []*secretUse
	use := func(name string, n *yaml.Node) *secretUse {
		for _, u := range uses {
			if u.name == name {
				return u
			}
		}
		u := &secretUse{name: name, line: yamlnode.Line(n, o.Line)}
		uses = append(uses, u)
		return u
	}
	for _, c := range o.containers(pod) {
		for _, env := range o.items(o.get(c, "env")) {
			ref := o.path(env, "valueFrom", "secretKeyRef")
			if name := str(o.get(ref, "name")); name != "" {
				u := use(name, ref)
				u.add(&u.envs, str(o.get(env, "name")))
				u.add(&u.keys, str(o.get(ref, "key")))
				u.add(&u.vias, "env")
			}
		}
		for _, from := range o.items(o.get(c, "envFrom")) {
			ref := o.get(from, "secretRef")
			if name := str(o.get(ref, "name")); name != "" {
				u := use(name, ref)
				u.add(&u.vias, "envFrom")
				if p := str(o.get(from, "prefix")); p != "" {
					u.add(&u.envs, p+"*")
				}
			}
		}
	}
	for _, v := range o.items(o.get(pod, "volumes")) {
		if s := o.get(v, "secret"); s != nil {
			if name := str(o.get(s, "secretName")); name != "" {
				u := use(name, s)
				u.add(&u.vias, "volume")
			}
		}
		for _, src := range o.items(o.path(v, "projected", "sources")) {
			if name := str(o.path(src, "secret", "name")); name != "" {
				u := use(name, o.get(src, "secret"))
				u.add(&u.vias, "projected-volume")
			}
		}
	}
	for _, ps := range o.items(o.get(pod, "imagePullSecrets")) {
		if name := str(o.get(ps, "name")); name != "" {
			u := use(name, ps)
			u.add(&u.vias, "imagePullSecrets")
		}
	}
	for _, u := range uses {
		sid := o.objectID("Secret", u.name)
		e.secretStub(o, sid, u.name, u.line)
		attrs := map[string]string{"via": strings.Join(u.vias, ",")}
		if len(u.envs) > 0 {
			attrs["env"] = graph.EncodeList(u.envs)
		}
		if len(u.keys) > 0 {
			attrs["key"] = graph.EncodeList(u.keys)
		}
		e.edge(id, sid, graph.Uses, attrs, o.File, u.line)
	}
}
