package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/synth"
)

// BenchmarkPlanAfterLoad is `convene plan rotate` of the synthetic estate's
// hottest secret once the graph is loaded: the planner with owners, and the
// findings touching the plan. docs/performance.md has the load and the end
// to end figures.
func BenchmarkPlanAfterLoad(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			if testing.Short() && n > 10_000 || n >= 1_000_000 && os.Getenv("CONVENE_BENCH_LARGE") == "" {
				b.Skip("set CONVENE_BENCH_LARGE=1 for the 1M-node estate; -short runs 10k only")
			}
			g := synth.Build(1, n)
			a := &App{Stdout: io.Discard, Stderr: io.Discard}
			ctx := context.Background()
			ch := planner.Change{Action: planner.Rotate, Targets: []string{synth.HotSecret}}
			b.ReportAllocs()
			var found int
			for b.Loop() {
				own := owners.NewResolver(g, owners.Options{})
				p, err := planner.Make(g, ch, planner.Options{Runs: listRuns, Owners: planner.OwnersFrom(own), Now: a.now()})
				if err != nil {
					b.Fatal(err)
				}
				found = len(a.touching(ctx, g, p, "", own))
			}
			b.ReportMetric(float64(found), "findings")
		})
	}
}
