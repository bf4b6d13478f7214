package planner

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/convene-dev/convene/graph"

	"github.com/convene-dev/convene/internal/synth"
)

var (
	graphsMu sync.Mutex
	graphs   = map[int]*graph.Graph{}
)

func estateOf(b *testing.B, n int) *graph.Graph {
	b.Helper()
	if n >= 1_000_000 && os.Getenv("CONVENE_BENCH_LARGE") == "" {
		b.Skip("set CONVENE_BENCH_LARGE=1 for the 1M-node estate")
	}
	if testing.Short() && n > 10_000 {
		b.Skip("short")
	}
	graphsMu.Lock()
	defer graphsMu.Unlock()
	if g, ok := graphs[n]; ok {
		return g
	}
	g := synth.Build(1, n)
	graphs[n] = g
	return g
}

// BenchmarkPlanRotateHotSecret plans the rotation of the estate's most
// shared secret: the worst case for the walk. The graph is built outside
// the timed loop; docs/performance.md records load time separately.
func BenchmarkPlanRotateHotSecret(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			g := estateOf(b, n)
			ch := Change{Action: Rotate, Targets: []string{synth.HotSecret}}
			b.ReportAllocs()
			var impacted int
			for b.Loop() {
				p, err := Make(g, ch, Options{})
				if err != nil {
					b.Fatal(err)
				}
				impacted = len(p.Impacted)
			}
			b.ReportMetric(float64(impacted), "impacted")
		})
	}
}

// BenchmarkWalkRotateHotSecret times the walk alone, without owners, risk
// and invite list.
func BenchmarkWalkRotateHotSecret(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			g := estateOf(b, n)
			t, ok := g.Node(synth.HotSecret)
			if !ok {
				b.Fatal("no hot secret")
			}
			b.ReportAllocs()
			var impacted int
			for b.Loop() {
				reached, _ := walk(g, Rotate, []graph.Node{t}, DefaultMaxDepth)
				impacted = len(reached)
			}
			b.ReportMetric(float64(impacted), "impacted")
		})
	}
}
