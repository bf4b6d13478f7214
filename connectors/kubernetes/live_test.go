package kubernetes

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// planted is a Secret value the fake server holds; it must never reach the
// graph, nor be requested.
const planted = "sk_live_PLANTED_never_store_me"

// listPath is the cluster-wide list path of a kind.
func listPath(kind string) (string, bool) {
	for _, rs := range append(slices.Clone(builtin), secretsResource) {
		if rs.kind == kind {
			if rs.gvr.Group == "" {
				return "/api/v1/" + rs.gvr.Resource, true
			}
			return "/apis/" + rs.gvr.Group + "/" + rs.gvr.Version + "/" + rs.gvr.Resource, true
		}
	}
	for g, kinds := range optional {
		for plural, k := range kinds {
			if k == kind {
				return "/apis/" + g + "/v1beta1/" + plural, true
			}
		}
	}
	return "", false
}

// liveFake serves testdata/live/gitops.yaml as a cluster would, with what
// only a cluster holds: a Secret's data (planted) and a kubectl
// last-applied annotation replaying it, the ReplicaSet and Pods of the
// Deployment, the Job of the CronJob, a bare Pod, and a cluster-wide
// secret reader.
func liveFake(t *testing.T) *fakeAPI {
	t.Helper()
	f := &fakeAPI{pageSize: 2, lists: map[string][]map[string]any{}, kinds: map[string]string{},
		groups: map[string]map[string][]string{"external-secrets.io": {"v1beta1": {"secretstores", "externalsecrets", "clustersecretstores"}},
			"secrets.hashicorp.com": {"v1beta1": {"vaultauths", "vaultstaticsecrets"}}},
		forbidden: map[string]bool{}, expire: map[string]bool{}}
	for _, rs := range append(slices.Clone(builtin), secretsResource) {
		p, _ := listPath(rs.kind)
		f.kinds[p] = rs.kind
	}
	for _, grp := range []string{"external-secrets.io", "secrets.hashicorp.com"} {
		for plural, kind := range optional[grp] {
			f.kinds["/apis/"+grp+"/v1beta1/"+plural] = kind
		}
	}
	data, err := os.ReadFile(filepath.Join("testdata", "live", "gitops.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var objs []map[string]any
	for {
		var m map[string]any
		if dec.Decode(&m) != nil {
			break
		}
		objs = append(objs, m)
	}
	owned := func(kind, name string) []any {
		return []any{map[string]any{"apiVersion": "apps/v1", "kind": kind, "name": name, "uid": "u-" + name, "controller": true}}
	}
	podSpec := map[string]any{"serviceAccountName": "payments-api", "containers": []any{map[string]any{"name": "api", "image": "registry.example.com/payments-api:1.4.2"}}}
	objs = append(objs,
		map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": "payments", "labels": map[string]any{"team": "payments"}}},
		map[string]any{"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": map[string]any{"name": "payments-api-7d9f", "namespace": "payments", "ownerReferences": owned("Deployment", "payments-api")},
			"spec": map[string]any{"template": map[string]any{"spec": podSpec}}},
		map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "payments-api-7d9f-abcde", "namespace": "payments", "ownerReferences": owned("ReplicaSet", "payments-api-7d9f")}, "spec": podSpec},
		map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "payments-api-7d9f-fghij", "namespace": "payments", "ownerReferences": owned("ReplicaSet", "payments-api-7d9f")}, "spec": podSpec},
		map[string]any{"apiVersion": "batch/v1", "kind": "Job", "metadata": map[string]any{"name": "nightly-settlement-2960", "namespace": "payments", "ownerReferences": owned("CronJob", "nightly-settlement")},
			"spec": map[string]any{"template": map[string]any{"spec": podSpec}}},
		map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "debug-shell", "namespace": "payments"},
			"spec": map[string]any{"containers": []any{map[string]any{"name": "sh", "image": "busybox"}}}},
		map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": map[string]any{"name": "secret-auditor"},
			"rules": []any{map[string]any{"apiGroups": []any{""}, "resources": []any{"secrets"}, "verbs": []any{"list", "watch"}}}},
		map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": map[string]any{"name": "auditors"},
			"subjects": []any{map[string]any{"kind": "Group", "name": "auditors", "apiGroup": "rbac.authorization.k8s.io"}},
			"roleRef":  map[string]any{"kind": "ClusterRole", "name": "secret-auditor"}},
		map[string]any{"apiVersion": "secrets.hashicorp.com/v1beta1", "kind": "VaultAuth", "metadata": map[string]any{"name": "payments", "namespace": "payments"},
			"spec": map[string]any{"method": "kubernetes", "mount": "kubernetes-eu", "kubernetes": map[string]any{"role": "payments", "serviceAccount": "payments-api"}}},
		map[string]any{"apiVersion": "secrets.hashicorp.com/v1beta1", "kind": "VaultStaticSecret", "metadata": map[string]any{"name": "ledger", "namespace": "payments"},
			"spec": map[string]any{"vaultAuthRef": "payments", "mount": "secret", "type": "kv-v2", "path": "payments/ledger", "refreshAfter": "30s",
				"destination": map[string]any{"name": "ledger", "create": true}}},
		map[string]any{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
			"metadata": map[string]any{"name": "payments-api-token", "namespace": "payments",
				"annotations": map[string]any{"kubernetes.io/service-account.name": "payments-api"}},
			"data": map[string]any{"token": base64.StdEncoding.EncodeToString([]byte(planted + "-token"))}},
	)
	for _, m := range objs {
		if m["kind"] == "Secret" && m["metadata"].(map[string]any)["name"] == "stripe" {
			m["data"] = map[string]any{"api-key": base64.StdEncoding.EncodeToString([]byte(planted))}
			md := m["metadata"].(map[string]any)
			md["annotations"] = map[string]any{"kubectl.kubernetes.io/last-applied-configuration": `{"apiVersion":"v1","kind":"Secret","stringData":{"api-key":"` + planted + `"}}`}
			md["managedFields"] = []any{map[string]any{"manager": "kubectl", "operation": "Apply"}}
		}
		p, ok := listPath(m["kind"].(string))
		if !ok {
			t.Fatalf("no list path for kind %v", m["kind"])
		}
		f.lists[p] = append(f.lists[p], m)
	}
	return f
}

func liveConfig(kubeconfig string, contexts ...config.KubeContext) *config.Config {
	cfg := config.Default()
	cfg.Kubernetes.Live = config.KubernetesLive{Kubeconfig: kubeconfig, Contexts: contexts, PageSize: 1}
	return cfg
}

func discoverLive(t *testing.T, cfg *config.Config) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := New(cfg).Discover(context.Background(), nil, b); err != nil {
		t.Fatalf("Discover: %v", err)
	}
	return b.Build()
}

// TestLiveMeetsManifests: the cluster read live and its manifests read
// from Git give the same node IDs for the same objects.
func TestLiveMeetsManifests(t *testing.T) {
	f := liveFake(t)
	srv := f.start(t)
	live := discoverLive(t, liveConfig(kubeconfig(t, srv, "prod-eu-admin"), config.KubeContext{Name: "prod-eu-admin", Cluster: "prod-eu"}))

	dir := filepath.Join(t.TempDir(), "k8s", "prod-eu")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join("testdata", "live", "gitops.yaml"))
	file := filepath.Join(dir, "payments.yaml")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), []string{file}, b); err != nil {
		t.Fatal(err)
	}
	fromGit := b.Build()
	for _, n := range fromGit.Nodes() {
		if _, ok := live.Node(n.ID); !ok {
			t.Errorf("manifest node %s (%s) not read live", n.ID, n.Type)
		}
	}
	for _, e := range fromGit.Edges() {
		found := false
		for _, le := range live.Out(e.From) {
			found = found || (le.To == e.To && le.Kind == e.Kind)
		}
		if !found {
			t.Errorf("manifest edge %s -%s-> %s not read live", e.From, e.Kind, e.To)
		}
	}
}

// TestLiveObjects: workloads collapse to their owners, evidence names the
// API path, RBAC readers become reads edges.
func TestLiveObjects(t *testing.T) {
	f := liveFake(t)
	srv := f.start(t)
	g := discoverLive(t, liveConfig(kubeconfig(t, srv, "prod-eu"), config.KubeContext{Name: "prod-eu"}))
	var workloads []string
	for _, n := range g.Nodes() {
		if n.Type == "k8s-workload" {
			workloads = append(workloads, n.ID)
		}
	}
	want := []string{
		"k8s:prod-eu/payments/cronjob/nightly-settlement",
		"k8s:prod-eu/payments/deployment/payments-api",
		"k8s:prod-eu/payments/externalsecret/db",
		"k8s:prod-eu/payments/pod/debug-shell",
		"k8s:prod-eu/payments/vaultstaticsecret/ledger",
	}
	slices.Sort(workloads)
	if diff := cmp.Diff(want, workloads); diff != "" {
		t.Errorf("workloads (-want +got):\n%s", diff)
	}
	dep, _ := g.Node("k8s:prod-eu/payments/deployment/payments-api")
	if got := dep.Evidence[0].Source; got != "k8s-api:prod-eu/apis/apps/v1/namespaces/payments/deployments/payments-api" || dep.Evidence[0].Line != 0 {
		t.Errorf("deployment evidence = %s:%d", got, dep.Evidence[0].Line)
	}
	var readers []string
	for _, e := range g.In("k8s:prod-eu/payments/secret/stripe") {
		if e.Kind == graph.Reads {
			readers = append(readers, e.From+" "+e.Attrs["via"]+" "+e.Attrs["verbs"]+" "+string(e.Evidence[0].Basis))
		}
	}
	slices.Sort(readers)
	wantReaders := []string{
		`k8s:prod-eu/ci/serviceaccount/ci-deployer rbac ["get"] configured`,
		`k8s:prod-eu/group/auditors rbac ["list","watch"] configured`,
	}
	if diff := cmp.Diff(wantReaders, readers); diff != "" {
		t.Errorf("readers of the stripe Secret (-want +got):\n%s", diff)
	}
	var vso []string
	for _, id := range []string{"k8s:prod-eu/payments/vaultstaticsecret/ledger", "k8s:prod-eu/payments/vaultauth/payments", "k8s:prod-eu/payments/secret/ledger"} {
		for _, e := range g.Out(id) {
			if e.Kind != graph.PartOf {
				vso = append(vso, e.From+" -"+string(e.Kind)+"-> "+e.To)
			}
		}
	}
	wantVSO := []string{
		"k8s:prod-eu/payments/vaultstaticsecret/ledger -reads-> vault:secret/payments/ledger",
		"k8s:prod-eu/payments/vaultstaticsecret/ledger -runs_as-> k8s:prod-eu/payments/vaultauth/payments",
		"k8s:prod-eu/payments/vaultauth/payments -authenticates_as-> vault:auth/kubernetes-eu/role/payments",
		"k8s:prod-eu/payments/vaultauth/payments -runs_as-> k8s:prod-eu/payments/serviceaccount/payments-api",
		"k8s:prod-eu/payments/secret/ledger -copy_of-> vault:secret/payments/ledger",
	}
	slices.Sort(vso)
	slices.Sort(wantVSO)
	if diff := cmp.Diff(wantVSO, vso); diff != "" {
		t.Errorf("Vault Secrets Operator edges (-want +got):\n%s", diff)
	}
	tok, _ := g.Node("k8s:prod-eu/payments/secret/payments-api-token")
	if tok.Attrs["metadata_only"] != "true" {
		t.Errorf("token Secret attrs = %v", tok.Attrs)
	}
	var keyOf bool
	for _, e := range g.Out(tok.ID) {
		keyOf = keyOf || (e.Kind == graph.KeyOf && e.To == "k8s:prod-eu/payments/serviceaccount/payments-api")
	}
	if !keyOf {
		t.Error("the token Secret is not key_of its service account")
	}
}

// TestLiveSecretValuesNeverTransit: Secrets are only ever listed as
// PartialObjectMetadata; no request could return their data, and the
// planted value (in data and in a last-applied annotation) is nowhere in
// the graph.
func TestLiveSecretValuesNeverTransit(t *testing.T) {
	f := liveFake(t)
	srv := f.start(t)
	g := discoverLive(t, liveConfig(kubeconfig(t, srv, "prod-eu"), config.KubeContext{Name: "prod-eu"}))
	secretCalls := 0
	for _, r := range f.reqs() {
		if !strings.HasSuffix(r.path, "/secrets") && !strings.Contains(r.path, "/secrets/") {
			continue
		}
		secretCalls++
		if r.path != "/api/v1/secrets" {
			t.Errorf("request %s?%s reads a Secret by name", r.path, r.query)
		}
		// Every offered form is metadata: a server that cannot serve
		// one must answer 406, not the full objects.
		for _, a := range strings.Split(r.accept, ",") {
			if !strings.Contains(a, ";as=PartialObjectMetadata") {
				t.Errorf("request %s?%s accepts %q, which could carry Secret data", r.path, r.query, a)
			}
		}
	}
	if secretCalls < 2 {
		t.Errorf("Secrets listed in %d calls, want every page (page size 1)", secretCalls)
	}
	out, _ := json.Marshal(struct {
		N []graph.Node
		E []graph.Edge
		D []graph.Diagnostic
	}{g.Nodes(), g.Edges(), g.Diagnostics()})
	for _, leak := range []string{planted, base64.StdEncoding.EncodeToString([]byte(planted)), "last-applied", "managedFields"} {
		if strings.Contains(string(out), leak) {
			t.Errorf("graph holds %q", leak)
		}
	}
	if _, ok := g.Node("k8s:prod-eu/payments/secret/stripe"); !ok {
		t.Error("the stripe Secret was not read")
	}
}
