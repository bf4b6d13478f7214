package connectors_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors"
	"github.com/convene-dev/convene/graph"
)

// exporter is a fake connector whose files are structured exports.
type exporter struct{ fake }

func (*exporter) ReadsExports() bool { return true }

func messages(ds []graph.Diagnostic, root string) []string {
	var out []string
	for _, d := range ds {
		out = append(out, strings.TrimPrefix(d.File, filepath.ToSlash(root)+"/")+": "+d.Message)
	}
	return out
}

func TestRouteSizeLimits(t *testing.T) {
	big := strings.Repeat(" ", 300)
	root := writeTree(t, map[string]string{
		"walk/small.yml":        "kind: x",
		"walk/big.yml":          "kind: x" + big,
		"walk/big.txt":          big, // claimed by nobody: no diagnostic
		"walk/export.json":      "{\"export\": 1}" + big,
		"walk/huge-export.json": "{\"export\": 1}" + big + big + big + big,
		"named/big.yml":         "kind: x" + big,
	})
	yml := &fake{name: "yml", suffix: ".yml", content: "kind:"}
	exp := &exporter{fake{name: "exp", suffix: ".json", content: "export"}}
	opts := connectors.RouteOptions{MaxFileSize: 100, MaxExportSize: 1000}
	got, err := connectors.Route(context.Background(), []string{filepath.Join(root, "walk"), filepath.Join(root, "named", "big.yml")},
		[]connectors.Connector{yml, exp}, opts)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := map[string][]string{
		"yml": {"walk/small.yml", "named/big.yml"},
		"exp": {"walk/export.json"},
	}
	for name, files := range got.Files {
		for i, f := range files {
			files[i] = strings.TrimPrefix(f, filepath.ToSlash(root)+"/")
		}
		got.Files[name] = files
	}
	if diff := cmp.Diff(wantFiles, got.Files); diff != "" {
		t.Errorf("routing (-want +got):\n%s", diff)
	}
	want := []string{
		"walk/big.yml: skipped: 307 bytes is over the 100-byte limit of scan.max_file_size; name the file on the command line, or raise scan.max_file_size in convene.yaml, to read it",
		"walk/huge-export.json: skipped: 1213 bytes is over the 1000-byte limit of scan.max_export_size; name the file on the command line, or raise scan.max_export_size in convene.yaml, to read it",
	}
	if diff := cmp.Diff(want, messages(got.Diagnostics, root)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if got.TooLarge != 3 {
		t.Errorf("too large = %d, want 3", got.TooLarge)
	}
}

// TestRouteNeverBlocksOnAPipe puts a FIFO with no writer in the tree and
// names one on the command line: the walk must not open either for reading.
func TestRouteNeverBlocksOnAPipe(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes")
	}
	root := writeTree(t, map[string]string{"a.yml": "kind: x"})
	fifo := filepath.Join(root, "pipe.yml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	yml := &fake{name: "yml", suffix: ".yml"}
	done := make(chan *connectors.Routing, 1)
	go func() {
		got, err := connectors.Route(context.Background(), []string{root, fifo}, []connectors.Connector{yml}, connectors.RouteOptions{})
		if err != nil {
			t.Error(err)
		}
		done <- got
	}()
	select {
	case got := <-done:
		if len(got.Files["yml"]) != 1 {
			t.Errorf("routed %v", got.Files)
		}
		want := []string{"pipe.yml: not a regular file (a named pipe); convene reads files only"}
		if diff := cmp.Diff(want, messages(got.Diagnostics, root)); diff != "" {
			t.Errorf("diagnostics (-want +got):\n%s", diff)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the walk blocked on a named pipe")
	}
}

func TestRoutePseudoFilesystems(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("pseudo filesystems are recognised on Linux")
	}
	for _, dir := range []string{"/proc", "/sys"} {
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("%s: %v", dir, err)
		}
		start := time.Now()
		got, err := connectors.Route(context.Background(), []string{dir}, []connectors.Connector{&fake{name: "any", suffix: ""}}, connectors.RouteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Seen != 0 || got.Pseudo != 1 || time.Since(start) > 5*time.Second {
			t.Errorf("%s: seen %d files, %d pseudo filesystems left out, in %s", dir, got.Seen, got.Pseudo, time.Since(start))
		}
	}
}

func TestRouteExcludeAndOneFileSystem(t *testing.T) {
	root := writeTree(t, map[string]string{"keep/a.yml": "x", "drop/b.yml": "x", "deep/er/drop/c.yml": "x"})
	yml := &fake{name: "yml", suffix: ".yml"}
	got, err := connectors.Route(context.Background(), []string{root}, []connectors.Connector{yml},
		connectors.RouteOptions{Exclude: []string{"**/drop"}, OneFileSystem: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files["yml"]) != 1 || !strings.HasSuffix(got.Files["yml"][0], "keep/a.yml") {
		t.Errorf("routed %v", got.Files)
	}
}
