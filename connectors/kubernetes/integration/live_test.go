package integration

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/kubernetes"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// planted is a Secret's data: it must never cross the wire. plantedAnn is
// the same Secret's value as kubectl apply leaves it in the
// last-applied-configuration annotation, which the metadata API does send:
// it must not reach the graph.
const (
	planted    = "sk_live_PLANTED_in_a_real_apiserver"
	plantedAnn = "sk_live_PLANTED_in_an_annotation"
)

// recorder is a loopback proxy in front of the apiserver that keeps every
// request's path and Accept header and every response body, so the test
// can prove what crossed the wire.
type recorder struct {
	mu     sync.Mutex
	reqs   []string
	bodies bytes.Buffer
}

func (c *cluster) proxy(t *testing.T, rec *recorder) string {
	t.Helper()
	target, _ := url.Parse(c.url)
	rp := httputil.NewSingleHostReverseProxy(target)
	direct := rp.Director
	rp.Director = func(r *http.Request) {
		direct(r)
		r.Header.Del("Accept-Encoding") // plain bodies, so the recorder reads what was sent
	}
	rp.Transport = &http.Transport{DisableCompression: true, TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec // the test's own apiserver
	rp.ModifyResponse = func(r *http.Response) error {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r.Request.URL.Path+" accept="+r.Request.Header.Get("Accept"))

		rec.bodies.Write(body)
		rec.mu.Unlock()
		return nil
	}
	// TLS, as client-go sends a bearer token only over TLS.
	srv := httptest.NewTLSServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// create posts objects as the admin.
func (c *cluster) create(t *testing.T, apiPath string, obj map[string]any) {
	t.Helper()
	body, _ := json.Marshal(obj)
	req, _ := http.NewRequest(http.MethodPost, c.url+apiPath, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.adminToken)
	req.Header.Set("Content-Type", "application/json")
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // the test's own apiserver
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST %s: %s: %s", apiPath, resp.Status, msg)
	}
}

// applyRBAC creates the objects of deploy/kubernetes/rbac.yaml, bound to
// the scanner's user instead of the in-cluster service account.
func (c *cluster) applyRBAC(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "deploy", "kubernetes", "rbac.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var m map[string]any
		if dec.Decode(&m) != nil {
			break
		}
		switch m["kind"] {
		case "ClusterRole":
			c.create(t, "/apis/rbac.authorization.k8s.io/v1/clusterroles", m)
		case "ClusterRoleBinding":
			m["subjects"] = []any{map[string]any{"kind": "User", "name": "convene", "apiGroup": "rbac.authorization.k8s.io"}}
			c.create(t, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", m)
		}
	}
}

// waitAllowed waits until the scanner may GET p: the RBAC authorizer sees
// new bindings through an informer, a moment after they are created.
func (c *cluster) waitAllowed(t *testing.T, p string) {
	t.Helper()
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // the test's own apiserver
	var status string
	for range 60 {
		req, _ := http.NewRequest(http.MethodGet, c.url+p, nil)
		req.Header.Set("Authorization", "Bearer "+c.scanToken)
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			status = resp.Status
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("the scanner may still not GET %s after 30s: %s", p, status)
}

func TestRealAPIServer(t *testing.T) {
	c := start(t)
	c.applyRBAC(t)
	for _, ns := range []string{"payments", "ci"} {
		c.create(t, "/api/v1/namespaces", map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}})
	}
	c.create(t, "/api/v1/namespaces/payments/serviceaccounts", map[string]any{"apiVersion": "v1", "kind": "ServiceAccount",
		"metadata": map[string]any{"name": "payments-api", "annotations": map[string]any{"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/payments-api"}}})
	c.create(t, "/api/v1/namespaces/payments/secrets", map[string]any{"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
		"metadata": map[string]any{"name": "stripe", "annotations": map[string]any{
			"kubectl.kubernetes.io/last-applied-configuration": `{"stringData":{"api-key":"` + plantedAnn + `"}}`}},
		"data": map[string]any{"api-key": base64.StdEncoding.EncodeToString([]byte(planted))}})
	c.create(t, "/apis/apps/v1/namespaces/payments/deployments", map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "payments-api"},
		"spec": map[string]any{"selector": map[string]any{"matchLabels": map[string]any{"app": "payments-api"}},
			"template": map[string]any{"metadata": map[string]any{"labels": map[string]any{"app": "payments-api"}},
				"spec": map[string]any{"serviceAccountName": "payments-api", "containers": []any{map[string]any{"name": "api", "image": "registry.example.com/payments-api:1.4.2",
					"env": []any{map[string]any{"name": "STRIPE_API_KEY", "valueFrom": map[string]any{"secretKeyRef": map[string]any{"name": "stripe", "key": "api-key"}}}}}}}}}})
	c.create(t, "/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles", map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
		"metadata": map[string]any{"name": "read-stripe"},
		"rules":    []any{map[string]any{"apiGroups": []any{""}, "resources": []any{"secrets"}, "resourceNames": []any{"stripe"}, "verbs": []any{"get"}}}})
	c.create(t, "/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings", map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
		"metadata": map[string]any{"name": "ci-reads-stripe"},
		"subjects": []any{map[string]any{"kind": "ServiceAccount", "name": "ci-deployer", "namespace": "ci"}},
		"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "read-stripe"}})

	c.waitAllowed(t, "/apis/rbac.authorization.k8s.io/v1/rolebindings?limit=1")
	rec := &recorder{}
	purl := c.proxy(t, rec)
	kc := c.kubeconfig(t, c.scanToken)
	data, _ := os.ReadFile(kc)
	if err := os.WriteFile(kc, bytes.Replace(data, []byte(c.url), []byte(purl), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Kubernetes.Live = config.KubernetesLive{Kubeconfig: kc, Contexts: []config.KubeContext{{Name: "prod-eu"}}, PageSize: 2}
	b := graph.NewBuilder()
	if err := kubernetes.New(cfg).Discover(context.Background(), nil, b); err != nil {
		t.Fatalf("Discover: %v", err)
	}
	g := b.Build()
	for _, d := range g.Diagnostics() {
		t.Errorf("diagnostic: %v", d)
	}
	for _, id := range []string{
		"k8s:prod-eu/payments/deployment/payments-api",
		"k8s:prod-eu/payments/serviceaccount/payments-api",
		"k8s:prod-eu/payments/secret/stripe",
		"arn:aws:iam::111122223333:role/payments-api",
	} {
		if _, ok := g.Node(id); !ok {
			t.Errorf("node %s not read", id)
		}
	}
	var rbac, uses bool
	for _, e := range g.In("k8s:prod-eu/payments/secret/stripe") {
		rbac = rbac || (e.Kind == graph.Reads && e.From == "k8s:prod-eu/ci/serviceaccount/ci-deployer" && e.Attrs["via"] == "rbac")
		uses = uses || (e.Kind == graph.Uses && e.From == "k8s:prod-eu/payments/deployment/payments-api")
	}
	if !rbac || !uses {
		t.Errorf("edges to the stripe Secret: rbac reader %v, deployment uses %v", rbac, uses)
	}

	// Control: a full GET through the same proxy does carry the data, so
	// the recorder would have seen it.
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // the test's own apiserver
	req, _ := http.NewRequest(http.MethodGet, purl+"/api/v1/namespaces/payments/secrets/stripe", nil)
	req.Header.Set("Authorization", "Bearer "+c.adminToken)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	control, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(control, []byte(base64.StdEncoding.EncodeToString([]byte(planted)))) {
		t.Fatalf("control: a full GET did not carry the planted data: %s", control)
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.reqs = rec.reqs[:len(rec.reqs)-1] // the control
	scanned := rec.bodies.Bytes()[:rec.bodies.Len()-len(control)]
	secretLists := 0
	for _, r := range rec.reqs {
		if strings.Contains(r, "/secrets") && !strings.Contains(r, "/secretstores") {
			secretLists++
			if !strings.HasPrefix(r, "/api/v1/secrets accept=application/json;as=PartialObjectMetadataList") {
				t.Errorf("Secret request %s", r)
			}
		}
	}
	if secretLists == 0 {
		t.Error("Secrets were never listed")
	}
	for _, leak := range []string{planted, base64.StdEncoding.EncodeToString([]byte(planted))} {
		if bytes.Contains(scanned, []byte(leak)) {
			t.Errorf("a response from the apiserver carried %q", leak)
		}
	}
	out, _ := json.Marshal(struct {
		N []graph.Node
		E []graph.Edge
	}{g.Nodes(), g.Edges()})
	for _, leak := range []string{planted, plantedAnn, "last-applied"} {
		if bytes.Contains(out, []byte(leak)) {
			t.Errorf("the graph holds %q", leak)
		}
	}
}
