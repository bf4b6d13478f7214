package codeowners

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners/pathmatch"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with the test files and
// the corpus. It must not panic; every rule it keeps must compile, and the
// emitted nodes and edges must build without a diagnostic of the builder's
// own.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/tree/*/*/*/*/CODEOWNERS")
	more, _ := filepath.Glob("testdata/tree/*/*/*/CODEOWNERS")
	corpus, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "ownership", "codeowners", "*"))
	for _, p := range append(append(seeds, more...), corpus...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, false)
		}
	}
	f.Add([]byte("[S][x] @a\n^[ ] b\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, gitlab bool) {
		d := GitHub
		if gitlab {
			d = GitLab
		}
		file := Parse("CODEOWNERS", data, d)
		for _, r := range file.Rules {
			if _, err := pathmatch.Compile(r.Pattern); err != nil {
				t.Fatalf("kept rule %q does not compile: %v", r.Pattern, err)
			}
		}
		b := graph.NewBuilder()
		Emit(file, "github.com/o/r", b)
		for _, dg := range b.Build().Diagnostics() {
			if dg.Connector != Name {
				t.Fatalf("builder diagnostic: %v", dg)
			}
		}
	})
}
