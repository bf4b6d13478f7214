package kubernetes

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with the fixtures, the
// sample estate and the real manifests of the corpus. Parse must never
// panic, every diagnostic names a line and says something, and what it
// reads must map into a builder without a diagnostic of the builder's own
// (an edge to a node nobody reported, a node with no ID).
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "in", "*.yaml"))
	estate, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "estate", "k8s", "*", "*", "*.yaml"))
	seeds = append(seeds, estate...)
	seeds = append(seeds, filepath.Join("testdata", "live", "gitops.yaml"))
	if _, err := os.Stat(corpusRoot); err == nil {
		seeds = append(seeds, corpusFiles(f)...)
	}
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("kind: List\nitems: &a [*a]\n"))
	f.Add([]byte("apiVersion: v1\nkind: Pod\nspec: &s {containers: [*s]}\n"))
	f.Add([]byte("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {<<: &l {a: b}, c: d}}\nspec:\n  containers:\n    - &c {name: a, env: [{name: X, valueFrom: {secretKeyRef: {name: s, key: k}}}]}\n    - {<<: *c, name: b}\n"))
	f.Add([]byte("m: &m {<<: [*m]}\nkind: Pod\n<<: [{kind: x}, *m]\n"))
	f.Add([]byte(aliasBomb()))
	f.Fuzz(func(t *testing.T, data []byte) {
		objs, diags := Parse("f.yaml", data)
		for _, d := range diags {
			if d.Line < 1 || d.Message == "" {
				t.Fatalf("diagnostic without line or message: %#v", d)
			}
		}
		b := graph.NewBuilder()
		if err := Emit(context.Background(), objs, func(string) string { return "c" }, b); err != nil {
			t.Fatal(err)
		}
		for _, d := range b.Build().Diagnostics() {
			if strings.Contains(d.Message, "roleRef names no Role") && d.Line > 0 {
				continue // a binding that cannot be mapped says so
			}
			if strings.Contains(d.Message, "YAML nodes through aliases") && d.Line > 0 {
				continue // so does a document past the node budget
			}
			t.Fatalf("mapping made a builder diagnostic: %v", d)
		}
	})
}

// manifestSet generates n manifests of the shapes the connector maps,
// as one multi-document stream.
func manifestSet(n int) []byte {
	shapes := []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-%[1]d\n  namespace: ns-%[2]d\n  labels: {team: t%[2]d}\nspec:\n  template:\n    metadata:\n      annotations:\n        vault.hashicorp.com/agent-inject: \"true\"\n        vault.hashicorp.com/role: app-%[1]d\n        vault.hashicorp.com/agent-inject-secret-db: secret/data/app-%[1]d/db\n    spec:\n      serviceAccountName: app-%[1]d\n      containers:\n        - name: app\n          image: app:%[1]d\n          env:\n            - name: TOKEN\n              valueFrom:\n                secretKeyRef: {name: app-%[1]d, key: token}\n",
		"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app-%[1]d\n  namespace: ns-%[2]d\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/app-%[1]d\n",
		"apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: app-%[1]d\n  namespace: ns-%[2]d\nspec:\n  refreshInterval: 1h\n  secretStoreRef: {name: vault, kind: ClusterSecretStore}\n  data:\n    - secretKey: token\n      remoteRef: {key: app-%[1]d/token, property: token}\n",
		"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: job-%[1]d\n  namespace: ns-%[2]d\nspec:\n  schedule: \"%[3]d 2 * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: job, image: job:1, envFrom: [{secretRef: {name: app-%[1]d}}]}]\n",
		"apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-%[1]d\n  namespace: ns-%[2]d\ntype: Opaque\ndata:\n  token: dmFsdWU=\n",
	}
	var sb strings.Builder
	sb.WriteString("apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: {name: vault}\nspec:\n  provider:\n    vault:\n      path: secret\n      version: v2\n      auth: {kubernetes: {role: eso}}\n")
	for i := range n {
		sb.WriteString("---\n")
		fmt.Fprintf(&sb, shapes[i%len(shapes)], i/len(shapes), i%97, i%60)
	}
	return []byte(sb.String())
}

// BenchmarkScan parses and maps 50,000 generated manifests (deployments
// with Vault Agent annotations, service accounts with IRSA,
// ExternalSecrets, CronJobs, Secrets) and reports documents per second.
func BenchmarkScan(b *testing.B) {
	const n = 50_000
	data := manifestSet(n)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		objs, diags := Parse("bench.yaml", data)
		if len(diags) > 0 || len(objs) != n+1 {
			b.Fatalf("%d objects, diagnostics %v", len(objs), diags)
		}
		gb := graph.NewBuilder()
		if err := Emit(context.Background(), objs, func(string) string { return "bench" }, gb); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkParse measures the YAML decoding alone, for comparison.
func BenchmarkParse(b *testing.B) {
	const n = 50_000
	data := manifestSet(n)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for range b.N {
		if objs, _ := Parse("bench.yaml", data); len(objs) != n+1 {
			b.Fatal(len(objs))
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
}
