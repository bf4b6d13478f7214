package connectors_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// fake claims files by suffix and, when content is set, by content too.
type fake struct {
	name    string
	suffix  string
	content string
	panics  bool
	fails   bool
	got     []string
}

func (f *fake) Name() string                 { return f.name }
func (f *fake) About() (reads, needs string) { return "test files", "nothing" }
func (f *fake) Claims(path string, head []byte) bool {
	if !strings.HasSuffix(path, f.suffix) {
		return false
	}
	return f.content == "" || head == nil || bytes.Contains(head, []byte(f.content))
}
func (f *fake) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	f.got = files
	if f.panics {
		panic("boom")
	}
	if f.fails {
		return errors.New("cannot reach the API")
	}
	for _, p := range files {
		b.AddNode(graph.Node{ID: f.name + ":" + p, Kind: graph.Workload, Evidence: []graph.Evidence{{Connector: f.name, Source: p}}})
	}
	return nil
}

func TestRegistryRejectsDuplicatesAndUnknownNames(t *testing.T) {
	if _, err := connectors.NewRegistry(&fake{name: "a"}, &fake{name: "a"}); err == nil || !strings.Contains(err.Error(), `two connectors are named "a"`) {
		t.Errorf("duplicate names: err = %v", err)
	}
	if _, err := connectors.NewRegistry(&fake{name: ""}); err == nil {
		t.Error("empty name accepted")
	}
	r, err := connectors.NewRegistry(&fake{name: "a"}, &fake{name: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Select([]string{"c"}); err == nil || !strings.Contains(err.Error(), `unknown connector "c"; known connectors: a, b`) {
		t.Errorf("unknown name: err = %v", err)
	}
	sel, err := r.Select([]string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"b"}, sel.Names()); diff != "" {
		t.Errorf("Select (-want +got):\n%s", diff)
	}
}

func TestShippedRegistryIsValid(t *testing.T) {
	r, err := connectors.NewRegistry(connectors.All(config.Default())...)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Connectors() {
		reads, needs := c.About()
		if reads == "" || needs == "" {
			t.Errorf("connector %s does not say what it reads and needs", c.Name())
		}
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestRoute(t *testing.T) {
	root := writeTree(t, map[string]string{
		"repo/.github/workflows/ci.yml": "on: push",
		"repo/.git/config":              "[core]",
		"repo/vendor/x/ci.yml":          "vendored",
		"repo/node_modules/y/a.yml":     "npm",
		"etc/cron.d/backup":             "0 3 * * * root /backup",
		"k8s/deploy.yaml":               "apiVersion: apps/v1\nkind: Deployment",
		"k8s/notes.yaml":                "just: notes",
		"k8s/big.yaml":                  "kind: Deployment" + strings.Repeat(" ", 200),
		"bin/tool.yml":                  "\x00\x01binary",
		"generated/skip/me.yml":         "skip",
	})
	yml := &fake{name: "yml", suffix: ".yml"}
	kube := &fake{name: "kube", suffix: ".yaml", content: "kind:"}
	cron := &fake{name: "cron", suffix: "backup"}
	opts := connectors.RouteOptions{MaxFileSize: 100, Exclude: []string{"**/generated/**"}}
	got, err := connectors.Route(context.Background(), []string{root}, []connectors.Connector{yml, kube, cron}, opts)
	if err != nil {
		t.Fatal(err)
	}
	rel := func(ps []string) []string {
		var out []string
		for _, p := range ps {
			out = append(out, strings.TrimPrefix(p, filepath.ToSlash(root)+"/"))
		}
		return out
	}
	want := map[string][]string{
		"yml":  {"repo/.github/workflows/ci.yml"},
		"kube": {"k8s/deploy.yaml"},
		"cron": {"etc/cron.d/backup"},
	}
	for name, files := range got.Files {
		got.Files[name] = rel(files)
	}
	if diff := cmp.Diff(want, got.Files); diff != "" {
		t.Errorf("routing (-want +got):\n%s", diff)
	}
	if got.Binary != 1 || got.TooLarge != 1 || got.Routed != 3 || got.Seen != 6 {
		t.Errorf("counts: seen %d routed %d binary %d too large %d", got.Seen, got.Routed, got.Binary, got.TooLarge)
	}
	if len(got.Diagnostics) != 1 || !strings.Contains(got.Diagnostics[0].Message, "over the 100-byte limit of scan.max_file_size; name the file on the command line, or raise scan.max_file_size") ||
		!strings.HasSuffix(got.Diagnostics[0].File, "k8s/big.yaml") {
		t.Errorf("diagnostics = %v, want one for the large manifest", got.Diagnostics)
	}
}

func TestRouteNamedFileAndMissingPath(t *testing.T) {
	root := writeTree(t, map[string]string{"a.yml": "x", "b.txt": "y"})
	yml := &fake{name: "yml", suffix: ".yml"}
	got, err := connectors.Route(context.Background(), []string{filepath.Join(root, "a.yml"), filepath.Join(root, "b.txt")}, []connectors.Connector{yml}, connectors.RouteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files["yml"]) != 1 || len(got.Diagnostics) != 1 || !strings.Contains(got.Diagnostics[0].Message, "no connector reads this file") {
		t.Errorf("files %v diagnostics %v", got.Files, got.Diagnostics)
	}
	if _, err := connectors.Route(context.Background(), []string{filepath.Join(root, "nope")}, nil, connectors.RouteOptions{}); err == nil || !strings.Contains(err.Error(), "check the path") {
		t.Errorf("missing path: err = %v", err)
	}
	if _, err := connectors.Route(context.Background(), []string{root}, nil, connectors.RouteOptions{Exclude: []string{"[oops"}}); err == nil {
		t.Error("invalid exclude glob accepted")
	}
}

func TestRunIsolatesFailures(t *testing.T) {
	good := &fake{name: "good"}
	bad := &fake{name: "bad", panics: true}
	down := &fake{name: "down", fails: true}
	b := graph.NewBuilder()
	var done []string
	results := connectors.Run(context.Background(), []connectors.Job{
		{Connector: bad, Files: []string{"x"}},
		{Connector: good, Files: []string{"a", "b"}},
		{Connector: down},
	}, b, 1, func(r connectors.Result) { done = append(done, r.Connector) })

	if results[0].Err == nil || !strings.Contains(results[0].Err.Error(), "connector bad panicked: boom") {
		t.Errorf("panicking connector: err = %v", results[0].Err)
	}
	if results[1].Err != nil || results[1].Files != 2 {
		t.Errorf("good connector: %+v", results[1])
	}
	if results[2].Err == nil || !strings.Contains(results[2].Err.Error(), "connector down: cannot reach the API") {
		t.Errorf("failing connector: err = %v", results[2].Err)
	}
	if got := b.Build().Len(); got != 2 {
		t.Errorf("graph has %d nodes, want the good connector's 2", got)
	}
	if len(done) != 3 {
		t.Errorf("done called %d times", len(done))
	}
}
