package jenkins

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

func discover(t *testing.T, files []string) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := New().Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// TestEstate scans the sample estate's repositories.
func TestEstate(t *testing.T) {
	files := claimed(t, "../../testdata/estate/repos")
	if len(files) != 1 {
		t.Fatalf("claimed %v, want the release-tools Jenkinsfile", files)
	}
	golden(t, "testdata/estate.out", discover(t, files).String())
}

// TestGolden scans each fixture under testdata/in.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/in/*")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, in := range files {
		name := filepath.Base(in)
		t.Run(name, func(t *testing.T) {
			out := filepath.Join("testdata", "out", strings.TrimSuffix(name, ".jenkinsfile")+".out")
			got := discover(t, []string{filepath.ToSlash(in)}).String()
			if strings.Contains(got, "hunter2") {
				t.Fatal("an inline secret value reached the graph")
			}
			golden(t, out, got)
		})
	}
}
