package kubernetes

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/goldenfile"

	"github.com/convene-dev/convene/graph"
)

// golden compares got with the golden file out, or rewrites it under -update.
func golden(t *testing.T, out, got string) {
	t.Helper()
	goldenfile.Check(t, out, got)
}

// claimed walks root and returns the files the connector claims, as the
// router would hand them over (with the first 8 KiB as head).
func claimed(t testing.TB, c *Connector, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if c.Claims(filepath.ToSlash(p), data[:min(len(data), 8<<10)]) {
			files = append(files, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// scan runs the connector over files and returns the graph's canonical
// text.
func scan(t testing.TB, c *Connector, files []string) string {
	t.Helper()
	b := graph.NewBuilder()
	if err := c.Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build().String()
}

// TestGoldenEstate scans the sample estate's cluster prod-eu and compares
// the graph with testdata/estate.out.
func TestGoldenEstate(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "estate")
	files := claimed(t, New(nil), root)
	for _, f := range files {
		if !strings.Contains(f, "/k8s/") {
			t.Errorf("claimed %s, which is not a manifest of the estate's k8s folder", f)
		}
	}
	if len(files) == 0 {
		t.Fatal("no manifests in the estate")
	}
	golden(t, filepath.Join("testdata", "estate.out"), scan(t, New(nil), files))
}

// TestGoldenFixtures scans each testdata/in/*.yaml on its own and compares
// the graph with the .out file beside it.
func TestGoldenFixtures(t *testing.T) {
	yamls, _ := filepath.Glob(filepath.Join("testdata", "in", "*.yaml"))
	jsons, _ := filepath.Glob(filepath.Join("testdata", "in", "*.json"))
	files := append(yamls, jsons...)
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			got := scan(t, New(nil), []string{filepath.ToSlash(in)})
			golden(t, strings.TrimSuffix(in, filepath.Ext(in))+".out", got)
		})
	}
}
