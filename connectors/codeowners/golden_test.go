package codeowners

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

// TestTree scans testdata/tree: a GitHub repository with all three files
// (only .github/CODEOWNERS is used) and a GitLab one with sections.
func TestTree(t *testing.T) {
	var files []string
	err := filepath.WalkDir("testdata/tree", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, filepath.ToSlash(p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	if err := New().Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/tree.out", b.Build().String())
}

// TestEstate keeps the sample estate's CODEOWNERS files read without a
// problem.
func TestEstate(t *testing.T) {
	files := []string{
		"../../testdata/estate/repos/github.com/northwind/payments-api/.github/CODEOWNERS",
		"../../testdata/estate/repos/github.com/northwind/infra/CODEOWNERS",
	}
	b := graph.NewBuilder()
	if err := New().Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	if ds := g.Diagnostics(); len(ds) > 0 {
		t.Errorf("diagnostics: %v", ds)
	}
	golden(t, "testdata/estate.out", g.String())
}

// TestCorpus reads every real CODEOWNERS file of the shared corpus.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "ownership", "codeowners")
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) == 0 {
		t.Skipf("corpus not found at %s; fetch ../shared/corpus to run this test", dir)
	}
	for _, p := range files {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f := Parse(name, data, GitHub)
			b := graph.NewBuilder()
			owner, repoName, _ := strings.Cut(strings.SplitN(name, "--", 2)[0], "+")
			Emit(f, "github.com/"+owner+"/"+repoName, b)
			golden(t, filepath.Join("testdata", "corpus", name+".out"), b.Build().String())
		})
	}
}
