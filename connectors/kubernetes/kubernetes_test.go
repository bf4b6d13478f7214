package kubernetes

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

func TestClaims(t *testing.T) {
	const manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n"
	tests := []struct {
		path, head string
		want       bool
	}{
		{"k8s/prod/app.yaml", manifest, true},
		{"k8s/prod/app.yml", "# comment\n---\n\"apiVersion\": v1\n\"kind\": Secret\n", true},
		{"list.yaml", "items:\n  - apiVersion: v1\n    kind: Pod\n", true},
		{"app.json", `{"apiVersion":"v1","kind":"ServiceAccount"}`, true},
		{"app.txt", manifest, false},
		{"values.yaml", "image: nginx\nreplicas: 2\n", false},
		{"Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n", false},
		{"catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\n", false},
		{"repo/.github/workflows/ci.yml", manifest, false},
		{"repo/.gitlab-ci.yml", manifest, false},
		{"convene-owners.yaml", manifest, false},
		{"other.json", `{"kind":"x"}`, false},
		{"big.yaml", "", false},
	}
	c := New(nil)
	for _, tt := range tests {
		var head []byte
		if tt.head != "" {
			head = []byte(tt.head)
		}
		if got := c.Claims(tt.path, head); got != tt.want {
			t.Errorf("Claims(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestClusterOf(t *testing.T) {
	tests := []struct {
		configured, path, want string
	}{
		{"", "estate/k8s/prod-eu/payments/deploy.yaml", "prod-eu"},
		{"", "gitops/clusters/Staging/apps/app.yaml", "staging"},
		{"", "gitops/clusters/prod/k8s/eu/app.yaml", "eu"},
		{"", "manifests/app.yaml", "default"},
		{"", "k8s/app.yaml", "default"},
		{"prod-us", "estate/k8s/prod-eu/app.yaml", "prod-us"},
	}
	for _, tt := range tests {
		cfg := config.Default()
		cfg.Kubernetes.Cluster = tt.configured
		if got := New(cfg).ClusterOf(tt.path); got != tt.want {
			t.Errorf("ClusterOf(%q) with %q configured = %q, want %q", tt.path, tt.configured, got, tt.want)
		}
	}
}

func TestParseObjects(t *testing.T) {
	data := []byte(`---
# empty documents and documents with no kind are skipped
---
foo: bar
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata: {name: a, namespace: ns}
  - apiVersion: v1
    kind: ServiceAccount
    metadata: {name: b}
---
apiVersion: v1
kind: Secret
metadata:
  generateName: token-
`)
	objs, diags := Parse("f.yaml", data)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	type obj struct {
		Kind, Name, NS string
		Defaulted      bool
		Line           int
	}
	var got []obj
	for _, o := range objs {
		got = append(got, obj{o.Kind, o.Name, o.Namespace, o.NamespaceDefaulted, o.Line})
	}
	want := []obj{
		{"ServiceAccount", "a", "ns", false, 9},
		{"ServiceAccount", "b", "default", true, 12},
		{"Secret", "token-", "default", true, 16},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
}

// TestNoSecretValues proves that no value of a Secret's data or
// stringData, nor of an annotation replaying them, nor a literal env value
// of a container, reaches the graph.
func TestNoSecretValues(t *testing.T) {
	in := []string{filepath.Join("testdata", "in", "secret.yaml"), filepath.Join("testdata", "in", "workloads.yaml")}
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), in, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	if g.Len() == 0 {
		t.Fatal("no nodes")
	}
	values := []string{"aHVudGVyMi1iYXNlNjQ=", "hunter2", "admin-plaintext-value", "inline-hunter2-value", "stringData", "password"}
	for _, n := range g.Nodes() {
		for k, v := range n.Attrs {
			for _, s := range values {
				if strings.Contains(v, s) || strings.Contains(k, s) {
					t.Errorf("node %s attribute %s=%q holds secret material %q", n.ID, k, v, s)
				}
			}
		}
	}
	for _, s := range values[:4] {
		if strings.Contains(g.String(), s) {
			t.Errorf("secret value %q in the graph", s)
		}
	}
}

func TestDiscoverUnreadable(t *testing.T) {
	b := graph.NewBuilder()
	missing := filepath.Join(t.TempDir(), "gone.yaml")
	if err := New(nil).Discover(context.Background(), []string{missing}, b); err != nil {
		t.Fatal(err)
	}
	ds := b.Build().Diagnostics()
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "cannot read manifest") {
		t.Errorf("diagnostics = %v", ds)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Fatal("file exists")
	}
}

func TestDiscoverCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := New(nil).Discover(ctx, []string{"x.yaml"}, graph.NewBuilder()); err == nil {
		t.Error("Discover with a cancelled context returned nil")
	}
}
