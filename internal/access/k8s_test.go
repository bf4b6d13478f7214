package access_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/kubernetes"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
)

// TestKubernetesRules reads testdata/rbac.yaml with the kubernetes
// connector, so the rules read the attributes it really writes.
func TestKubernetesRules(t *testing.T) {
	b := graph.NewBuilder()
	ctx := context.Background()
	if err := kubernetes.New(nil).Discover(ctx, []string{"testdata/rbac.yaml"}, b); err != nil {
		t.Fatal(err)
	}
	if err := access.Derive(ctx, b.Build(), b); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range b.Build().Edges() {
		if e.Kind == graph.CanBecome {
			got = append(got, e.From+" -> "+e.To+" "+e.Attrs["rule"])
		}
	}
	slices.Sort(got)
	const sa = "k8s:default/"
	want := []string{
		// auditor may get the one token Secret: payments-api only.
		sa + "ci/serviceaccount/auditor -> " + sa + "payments/serviceaccount/payments-api k8s-get-secrets",
		// ci-runner may create pods in payments: every account there.
		sa + "ci/serviceaccount/ci-runner -> " + sa + "payments/serviceaccount/deployer k8s-create-pods",
		sa + "ci/serviceaccount/ci-runner -> " + sa + "payments/serviceaccount/payments-api k8s-create-pods",
		// rbac-bot may bind cluster roles cluster-wide: every account.
		sa + "kube-system/serviceaccount/rbac-bot -> " + sa + "ci/serviceaccount/auditor k8s-escalate-bind",
		sa + "kube-system/serviceaccount/rbac-bot -> " + sa + "ci/serviceaccount/ci-runner k8s-escalate-bind",
		sa + "kube-system/serviceaccount/rbac-bot -> " + sa + "payments/serviceaccount/deployer k8s-escalate-bind",
		sa + "kube-system/serviceaccount/rbac-bot -> " + sa + "payments/serviceaccount/payments-api k8s-escalate-bind",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("can_become (-want +got):\n%s", diff)
	}
}
