package ownership

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

var update = flag.Bool("update", false, "rewrite the golden .out files")

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
			if *update {
				if err := os.WriteFile(out, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(out)
			if err != nil {
				t.Fatalf("%v; run go test -update to create it", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s\nreview the change and run go test -update if it is right", out, diff)
			}
		})
	}
}
