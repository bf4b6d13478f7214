package gitlabci

import (
	"context"
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

// claimed walks root and returns the files the connector claims.
func claimed(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		p = filepath.ToSlash(p)
		if New().Claims(p, nil) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func discover(t *testing.T, files []string) string {
	t.Helper()
	b := graph.NewBuilder()
	if err := New().Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build().String()
}

// TestEstate scans the sample estate's repositories.
func TestEstate(t *testing.T) {
	files := claimed(t, "../../testdata/estate/repos")
	if len(files) != 1 {
		t.Fatalf("claimed %v, want the ledger pipeline", files)
	}
	golden(t, "testdata/estate.out", discover(t, files))
}

// TestGolden scans each fixture repository under testdata/repos.
func TestGolden(t *testing.T) {
	files := claimed(t, "testdata/repos")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, in := range files {
		name := filepath.Base(filepath.Dir(in))
		t.Run(name, func(t *testing.T) {
			got := discover(t, []string{in})
			if strings.Contains(got, "Lit3ral-pa55word") {
				t.Fatal("an inline secret value reached the graph")
			}
			golden(t, filepath.Join("testdata", "out", name+".out"), got)
		})
	}
}
