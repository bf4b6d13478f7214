package kubernetes

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// scanText writes manifest to a file of its own and scans it.
func scanText(t *testing.T, manifest string) *graph.Graph {
	t.Helper()
	f := filepath.Join(t.TempDir(), "app.yaml")
	if err := os.WriteFile(f, []byte(manifest), 0o600); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), []string{f}, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// TestMergeKeys: a manifest sharing labels, container env and volumes
// through YAML merge keys (<<: *defaults) is read as kubectl reads it: the
// merged keys count, and a key the mapping sets itself wins over a merged
// one.
func TestMergeKeys(t *testing.T) {
	const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  labels:
    <<: &common {team: payments, tier: backend}
    tier: api
spec:
  template:
    metadata:
      annotations:
        <<: {vault.hashicorp.com/agent-inject: "true", vault.hashicorp.com/role: api}
    spec:
      <<: {serviceAccountName: api}
      containers:
        - name: app
          image: app:1
          <<: &defaults
            env:
              - name: TOKEN
                valueFrom: {secretKeyRef: {name: api-token, key: token}}
            envFrom:
              - secretRef: {name: api-env}
        - <<: *defaults
          name: worker
          image: worker:1
`
	g := scanText(t, manifest)
	id := "k8s:default/shop/deployment/api"
	n, ok := g.Node(id)
	if !ok {
		t.Fatalf("no node %s in\n%s", id, g)
	}
	type attrs struct{ Team, Tier, SA, Images string }
	gotA := attrs{n.Attrs["tag.team"], n.Attrs["tag.tier"], n.Attrs["service_account"], n.Attrs["images"]}
	if diff := cmp.Diff(attrs{"payments", "api", "api", `["app:1","worker:1"]`}, gotA); diff != "" {
		t.Errorf("attributes (-want +got):\n%s", diff)
	}
	type edge struct{ To, Kind, Via, Env string }
	var got []edge
	for _, e := range g.Out(id) {
		got = append(got, edge{e.To, string(e.Kind), e.Attrs["via"], e.Attrs["env"]})
	}
	want := []edge{
		{"k8s:default/shop", "part_of", "", ""},
		{"k8s:default/shop/secret/api-env", "uses", "envFrom", ""},
		{"k8s:default/shop/secret/api-token", "uses", "env", `["TOKEN"]`},
		{"k8s:default/shop/serviceaccount/api", "runs_as", "", ""},
		{"vault:auth/kubernetes/role/api", "authenticates_as", "vault-agent", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges of %s (-want +got):\n%s", id, diff)
	}
}

// aliasBomb is an Issuer whose Vault auth expands through aliases to a
// billion nodes, which the issuer's deep search for secret references
// would visit.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: bomb, namespace: ns}\nx:\n  a0: &a0 [{tokenSecretRef: {name: t}}, x, x, x, x, x, x, x, x]\n")
	prev := "a0"
	for i := 1; i <= 9; i++ {
		name := fmt.Sprintf("a%d", i)
		b.WriteString("  " + name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]\n")
		prev = name
	}
	b.WriteString("spec:\n  vault:\n    server: https://vault\n    path: pki/sign/x\n    auth: {kubernetes: {role: r, serviceAccountRef: {name: sa}}, extra: *a9}\n")
	b.WriteString("---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: after, namespace: ns}\n")
	return b.String()
}

// TestAliasBomb: a document whose aliases expand to a billion nodes is read
// up to the node budget, with one warning at the document, quickly, and
// the next document is read in full.
func TestAliasBomb(t *testing.T) {
	start := time.Now()
	g := scanText(t, aliasBomb())
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the scan took %v", d)
	}
	var got []string
	for _, d := range g.Diagnostics() {
		got = append(got, fmt.Sprintf("%d %s %s", d.Line, d.Severity, d.Message))
	}
	want := []string{"1 warning Issuer \"bomb\" expands to more than 200000 YAML nodes through aliases; the rest of it is not read: remove the aliases or exclude the file"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if _, ok := g.Node("k8s:default/ns/serviceaccount/after"); !ok {
		t.Errorf("the document after the bomb is not read:\n%s", g)
	}
}

// TestMergeBombDocument: a document whose merge keys fan out so that
// looking up its kind would visit a billion mappings is one warning at the
// document, and no object.
func TestMergeBombDocument(t *testing.T) {
	var b strings.Builder
	b.WriteString("m0: &m0 {a: 1}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "m%d: &m%d {<<: [%s*m%d]}\n", i, i, strings.Repeat(fmt.Sprintf("*m%d, ", i-1), 8), i-1)
	}
	b.WriteString("<<: [" + strings.Repeat("*m9, ", 8) + "*m9]\n")
	objs, diags := Parse("bomb.yaml", []byte(b.String()))
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%d %s %s", d.Line, d.Severity, d.Message))
	}
	want := []string{"1 warning this document expands to more than 200000 YAML nodes through aliases; the rest of it is not read: remove the aliases or exclude the file"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if len(objs) != 0 {
		t.Errorf("%d objects read, want none", len(objs))
	}
}
