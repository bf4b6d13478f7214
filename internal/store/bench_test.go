package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

// BenchmarkSnapshot saves and loads synthetic estates in each store, and
// reads the same graph from a graph file for comparison (a plan from the
// store must not load more than 2x slower than from the file). stored-MB is
// what one snapshot's graph takes in the database. PostgreSQL runs when
// CONVENE_TEST_POSTGRES names a throwaway server (it writes to that
// database); 1M nodes with CONVENE_BENCH_LARGE=1.
func BenchmarkSnapshot(b *testing.B) {
	ctx := context.Background()
	sizes := []int{10_000, 100_000}
	if os.Getenv("CONVENE_BENCH_LARGE") != "" {
		sizes = append(sizes, 1_000_000)
	}
	urls := map[string]string{"sqlite": "sqlite://" + filepath.Join(b.TempDir(), "bench.db")}
	if pg := os.Getenv(postgresEnv); pg != "" {
		urls["postgres"] = pg
	}
	for _, n := range sizes {
		g := synth.Build(1, n)
		var file bytes.Buffer
		g.WriteJSON(&file)
		stored := len(encodeSnapshot(b, g))
		path := filepath.Join(b.TempDir(), "g.json")
		os.WriteFile(path, file.Bytes(), 0o644)
		b.Run(fmt.Sprintf("file-read/nodes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, _ := os.Open(path)
				if _, err := graph.ReadJSON(f); err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
			b.ReportMetric(float64(file.Len())/1e6, "file-MB")
		})
		for _, name := range []string{"sqlite", "postgres"} {
			url, ok := urls[name]
			if !ok {
				continue
			}
			s, err := Open(ctx, url)
			if err != nil {
				b.Fatal(err)
			}
			var last Info
			source := fmt.Sprintf("bench-%d", n)
			b.Run(fmt.Sprintf("%s-save/nodes=%d", name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if last, err = s.Save(ctx, g, Info{Source: source}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(stored)/1e6, "stored-MB")
			})
			b.Run(fmt.Sprintf("%s-load/nodes=%d", name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, _, err := s.Load(ctx, last.ID); err != nil {
						b.Fatal(err)
					}
				}
			})
			s.Prune(ctx, 1, 0)
			s.Close()
		}
	}
}
