// Package integration runs the kubernetes connector's live path against a
// real kube-apiserver over a real etcd, both started by the test on
// loopback ports. It needs the two binaries: etcd from Debian's
// etcd-server package (on PATH), and kube-apiserver built from the
// k8s.io/kubernetes module (docs/kubernetes.md says how), named by
// CONVENE_KUBE_APISERVER or found on PATH. Without them it skips.
package integration

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// cluster is a running etcd and kube-apiserver.
type cluster struct {
	url        string
	adminToken string
	scanToken  string
}

func binary(t *testing.T, env, name string) string {
	t.Helper()
	if p := os.Getenv(env); p != "" {
		return p
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found (set %s or put it on PATH): install Debian's etcd-server; build kube-apiserver with `go build k8s.io/kubernetes/cmd/kube-apiserver` in a module that replaces the k8s.io staging modules (docs/kubernetes.md)", name, env)
	}
	return p
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// start runs etcd and kube-apiserver until the test ends. Tokens: admin
// is in system:masters; scanner (user convene) has no permissions until
// the test binds it.
func start(t *testing.T) *cluster {
	t.Helper()
	etcdBin := binary(t, "CONVENE_ETCD", "etcd")
	kasBin := binary(t, "CONVENE_KUBE_APISERVER", "kube-apiserver")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	clientPort, peerPort := freePort(t), freePort(t)
	etcdURL := "http://127.0.0.1:" + strconv.Itoa(clientPort)
	etcd := exec.CommandContext(ctx, etcdBin, "--data-dir", filepath.Join(dir, "etcd"),
		"--listen-client-urls", etcdURL, "--advertise-client-urls", etcdURL,
		"--listen-peer-urls", "http://127.0.0.1:"+strconv.Itoa(peerPort),
		"--initial-advertise-peer-urls", "http://127.0.0.1:"+strconv.Itoa(peerPort),
		"--initial-cluster", "default=http://127.0.0.1:"+strconv.Itoa(peerPort))
	etcd.Stdout, etcd.Stderr = logFile(t, dir, "etcd.log"), logFile(t, dir, "etcd.log")
	if err := etcd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = etcd.Wait() })

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "sa.key")
	writePEM(t, keyFile, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key))
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pubFile := filepath.Join(dir, "sa.pub")
	writePEM(t, pubFile, "PUBLIC KEY", pub)
	c := &cluster{adminToken: "admin-token-for-tests", scanToken: "scanner-token-for-tests"}
	tokens := filepath.Join(dir, "tokens.csv")
	if err := os.WriteFile(tokens, []byte(fmt.Sprintf("%s,admin,1,system:masters\n%s,convene,2\n", c.adminToken, c.scanToken)), 0o600); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	kas := exec.CommandContext(ctx, kasBin,
		"--etcd-servers", etcdURL, "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1",
		"--secure-port", strconv.Itoa(port), "--cert-dir", filepath.Join(dir, "certs"),
		"--token-auth-file", tokens, "--authorization-mode", "RBAC",
		"--service-account-issuer", "https://kubernetes.default.svc", "--service-account-key-file", pubFile,
		"--service-account-signing-key-file", keyFile, "--service-cluster-ip-range", "10.96.0.0/24",
		"--enable-priority-and-fairness=false", "--profiling=false")
	kas.Stdout, kas.Stderr = logFile(t, dir, "apiserver.log"), logFile(t, dir, "apiserver.log")
	if err := kas.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = kas.Wait() })
	c.url = "https://127.0.0.1:" + strconv.Itoa(port)
	hc := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // the test's own self-signed apiserver
	deadline := time.Now().Add(90 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodGet, c.url+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+c.adminToken)
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "apiserver.log"))
			t.Fatalf("kube-apiserver not ready after 90s (last: %v)\n%s", err, tail(log, 4000))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

func logFile(t *testing.T, dir, name string) *os.File {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func writePEM(t *testing.T, p, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// kubeconfig writes a kubeconfig for token at c, context prod-eu.
func (c *cluster) kubeconfig(t *testing.T, token string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "kubeconfig")
	kc := "apiVersion: v1\nkind: Config\nclusters:\n- name: real\n  cluster:\n    server: " + c.url +
		"\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: " + token +
		"\ncontexts:\n- name: prod-eu\n  context:\n    cluster: real\n    user: u\ncurrent-context: prod-eu\n"
	if err := os.WriteFile(p, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
