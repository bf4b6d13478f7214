package export

import (
	"io"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

// BenchmarkDOT draws a synthetic estate of 20,000 nodes.
func BenchmarkDOT(b *testing.B) {
	gb := graph.NewBuilder()
	synth.Generate(1, 20_000, func(n graph.Node) { gb.AddNode(n) }, func(e graph.Edge) { gb.AddEdge(e) })
	g := gb.Build()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := DOT(io.Discard, g, DOTOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
