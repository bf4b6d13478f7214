package kubernetes

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestWorkloadIdentityFederation checks that GKE and Azure Workload
// Identity annotations on a ServiceAccount become assumes edges to the
// cloud identity, as IRSA does, and that the Azure pod label is recorded
// on the workload that runs as the account.
func TestWorkloadIdentityFederation(t *testing.T) {
	manifest := `apiVersion: v1
kind: ServiceAccount
metadata:
  name: reporter
  namespace: apps
  annotations:
    iam.gke.io/gcp-service-account: reporter@acme-prod.iam.gserviceaccount.com
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: billing
  namespace: apps
  annotations:
    azure.workload.identity/client-id: 00000000-1111-2222-3333-444444444444
    azure.workload.identity/tenant-id: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ledger
  namespace: apps
  annotations:
    azure.workload.identity/client-id: 55555555-6666-7777-8888-999999999999
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
  namespace: apps
spec:
  template:
    metadata:
      labels:
        azure.workload.identity/use: "true"
    spec:
      serviceAccountName: billing
      containers: [{name: app, image: billing:1}]
`
	p := filepath.Join(t.TempDir(), "wi.yaml")
	if err := os.WriteFile(p, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), []string{p}, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	type edge struct{ From, To, Kind, Via, Type string }
	var got []edge
	for _, e := range g.Edges() {
		if e.Kind == graph.Assumes || e.Kind == graph.RunsAs {
			to, _ := g.Node(e.To)
			via := e.Attrs["via"]
			if e.Kind == graph.RunsAs {
				via = e.Attrs["azure_workload_identity"]
			}
			got = append(got, edge{e.From, e.To, string(e.Kind), via, to.Type})
		}
	}
	slices.SortFunc(got, func(a, b edge) int { return strings.Compare(a.From+a.To, b.From+b.To) })
	want := []edge{
		{"k8s:default/apps/deployment/billing", "k8s:default/apps/serviceaccount/billing", "runs_as", "true", "k8s-service-account"},
		{"k8s:default/apps/serviceaccount/billing", "azure:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/00000000-1111-2222-3333-444444444444", "assumes", "azure-workload-identity", "azure-managed-identity"},
		{"k8s:default/apps/serviceaccount/ledger", "azure:55555555-6666-7777-8888-999999999999", "assumes", "azure-workload-identity", "azure-managed-identity"},
		{"k8s:default/apps/serviceaccount/reporter", "gcp:serviceAccount:reporter@acme-prod.iam.gserviceaccount.com", "assumes", "gke-workload-identity", "gcp-service-account"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
}

// TestAzureUseLabelOnWorkload checks that the pod label lands on the
// workload node too.
func TestAzureUseLabelOnWorkload(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pod.yaml")
	os.WriteFile(p, []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: job\n  namespace: apps\n  labels:\n    azure.workload.identity/use: \"true\"\nspec:\n  serviceAccountName: billing\n  containers: [{name: a, image: a:1}]\n"), 0o644)
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), []string{p}, b); err != nil {
		t.Fatal(err)
	}
	n, _ := b.Build().Node("k8s:default/apps/pod/job")
	if got := n.Attrs["azure_workload_identity"]; got != "true" {
		t.Errorf("azure_workload_identity = %q, want true; attrs %v", got, n.Attrs)
	}
}
