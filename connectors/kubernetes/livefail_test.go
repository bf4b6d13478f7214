package kubernetes

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// TestLiveExpiredContinue: a continue token that expired (410) restarts
// the list, and nothing is read twice.
func TestLiveExpiredContinue(t *testing.T) {
	f := liveFake(t)
	f.expire["/api/v1/secrets"] = true
	f.expire["/apis/apps/v1/deployments"] = true
	srv := f.start(t)
	g := discoverLive(t, liveConfig(kubeconfig(t, srv, "prod-eu"), config.KubeContext{Name: "prod-eu"}))
	if len(g.Diagnostics()) != 0 {
		t.Errorf("diagnostics: %v", g.Diagnostics())
	}
	for _, id := range []string{"k8s:prod-eu/payments/secret/stripe", "k8s:prod-eu/payments/secret/payments-api-token"} {
		if _, ok := g.Node(id); !ok {
			t.Errorf("%s missing after the restarted list", id)
		}
	}
	starts := 0
	for _, r := range f.reqs() {
		if r.path == "/api/v1/secrets" && !strings.Contains(r.query, "continue=") {
			starts++
		}
	}
	if starts != 2 {
		t.Errorf("the Secret list started %d times, want 2 (one restart)", starts)
	}
}

// TestLiveForbidden: a resource type the credentials may not list is one
// diagnostic naming it, and the rest of the cluster is read.
func TestLiveForbidden(t *testing.T) {
	f := liveFake(t)
	f.forbidden["/apis/rbac.authorization.k8s.io/v1/clusterroles"] = true
	f.forbidden["/api/v1/secrets"] = true
	srv := f.start(t)
	g := discoverLive(t, liveConfig(kubeconfig(t, srv, "prod-eu"), config.KubeContext{Name: "prod-eu"}))
	var msgs []string
	for _, d := range g.Diagnostics() {
		msgs = append(msgs, d.File+": "+d.Message)
	}
	if len(msgs) != 2 || !strings.Contains(strings.Join(msgs, "\n"), "list secrets is forbidden") ||
		!strings.Contains(strings.Join(msgs, "\n"), "list clusterroles.rbac.authorization.k8s.io is forbidden") {
		t.Errorf("diagnostics:\n%s", strings.Join(msgs, "\n"))
	}
	if _, ok := g.Node("k8s:prod-eu/payments/deployment/payments-api"); !ok {
		t.Error("the rest of the cluster was not read")
	}
}

// TestLiveClusterIsolated: a cluster that cannot be reached is one
// diagnostic and the next is read; a hung API server is cut off by the
// call timeout.
func TestLiveClusterIsolated(t *testing.T) {
	f := liveFake(t)
	srv := f.start(t)
	hung := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer hung.Close()
	kc := kubeconfig(t, srv, "prod-eu")
	kcHung := kubeconfig(t, hung, "stuck")
	// Two kubeconfig files, as KUBECONFIG may list: clientcmd merges them.
	cfg := liveConfig(kc+":"+kcHung, config.KubeContext{Name: "stuck"}, config.KubeContext{Name: "prod-eu"})
	cfg.Kubernetes.Live.Timeout = config.Age(200 * time.Millisecond)
	t.Setenv("KUBECONFIG", kc+":"+kcHung)
	cfg.Kubernetes.Live.Kubeconfig = ""
	start := time.Now()
	b := graph.NewBuilder()
	if err := New(cfg).Discover(context.Background(), nil, b); err != nil {
		t.Fatalf("Discover: %v", err)
	}
	g := b.Build()
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("the hung cluster held the scan for %v", d)
	}
	var stuck int
	for _, d := range g.Diagnostics() {
		if d.File == "k8s-api:stuck" {
			stuck++
			if !strings.Contains(d.Message, "cluster not read") {
				t.Errorf("diagnostic: %s", d.Message)
			}
		}
	}
	if stuck != 1 {
		t.Errorf("%d diagnostics for the stuck cluster, want 1: %v", stuck, g.Diagnostics())
	}
	if _, ok := g.Node("k8s:prod-eu/payments/deployment/payments-api"); !ok {
		t.Error("the healthy cluster was not read")
	}
}
