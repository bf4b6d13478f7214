package ownership

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// TestGolden reads each testdata/*.yaml on its own and compares the graph it
// makes, diagnostics included, with the .out file beside it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			b := graph.NewBuilder()
			if err := New().Discover(context.Background(), []string{filepath.ToSlash(in)}, b); err != nil {
				t.Fatal(err)
			}
			got := b.Build().String()
			out := strings.TrimSuffix(in, ".yaml") + ".out"
			goldenfile.Check(t, out, got)
		})
	}
}
