package k8saudit

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
	"github.com/convene-dev/convene/internal/goldenfile"
)

func head(t testing.TB, p string) []byte {
	t.Helper()
	rc, err := observe.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	buf := make([]byte, 8<<10)
	n, _ := io.ReadFull(rc, buf)
	return buf[:n]
}

func discover(t testing.TB, cfg *config.Config, files ...string) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := New(cfg).Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// TestGolden reads a log of the cluster prod-eu: a service account's reads
// of a Secret (counted once per request, at ResponseComplete), a person's
// kubectl get; not the kubelet, a denied read, a list of every Secret, a
// ConfigMap. The response object of a RequestResponse event holds a planted
// value that must not come out.
func TestGolden(t *testing.T) {
	p := "testdata/prod-eu-audit.log"
	if !New(nil).Claims(p, head(t, p)) {
		t.Fatal("not claimed")
	}
	cfg := config.Default()
	cfg.Kubernetes.Cluster = "prod-eu"
	g := discover(t, cfg, p)
	var out bytes.Buffer
	if err := g.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "PLANTED") || strings.Contains(out.String(), "UExBTlRFRC") {
		t.Fatal("a value from a response object reached the graph")
	}
	goldenfile.Check(t, filepath.Join("testdata", "prod-eu-audit.log.out"), g.String())
}

// TestCorpus reads the public audit logs of the shared corpus: they are
// claimed and read without a diagnostic, and hold no read of a named
// Secret by anything but the control plane, so no use.
func TestCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "k8s-audit")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not found at %s; clone the shared corpus beside the repository to run this test", root)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "*"))
	var claimed []string
	for _, f := range files {
		f = filepath.ToSlash(f)
		if New(nil).Claims(f, head(t, f)) {
			claimed = append(claimed, f)
		} else if !strings.Contains(f, "LICENSE") && !strings.Contains(f, "COPYING") {
			t.Errorf("not claimed: %s", f)
		}
	}
	g := discover(t, nil, claimed...)
	for _, d := range g.Diagnostics() {
		t.Errorf("diagnostic: %s", d)
	}
	if g.Len() != 0 {
		t.Errorf("uses read from control-plane traffic:\n%s", g)
	}
}

func TestClusterOf(t *testing.T) {
	for p, want := range map[string]string{
		"logs/k8s/prod-eu/audit.log":      "prod-eu",
		"x/clusters/staging/a/audit.json": "staging",
		"var/log/kube-audit.log":          "default",
	} {
		if got := clusterOf("", p); got != want {
			t.Errorf("clusterOf(%q) = %q, want %q", p, got, want)
		}
	}
	if got := clusterOf("set", "k8s/prod-eu/a.log"); got != "set" {
		t.Errorf("configured cluster not used: %q", got)
	}
}

func FuzzReadFile(f *testing.F) {
	data, err := os.ReadFile("testdata/prod-eu-audit.log")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{"verb":"get"}]}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "audit.log")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		agg := observe.NewAggregator(config.Observed{}.Cutoff())
		if err := readFile(context.Background(), p, "c", agg, graph.NewBuilder()); err != nil {
			t.Fatal(err)
		}
	})
}
