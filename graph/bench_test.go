package graph_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/traverse"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

// The benchmarks run over synthetic estates (internal/synth) of these sizes.
// The largest runs only when CONVENE_BENCH_LARGE=1 or when -bench names it
// (-bench '/nodes=1000000': the pattern is matched level by level, so the
// slash is needed); -short runs only the smallest. docs/performance.md
// records the results and how to reproduce them.
var benchSizes = []int{10_000, 100_000, 1_000_000}

const benchSeed = 1

// forSizes runs f as a sub-benchmark "nodes=N" for each size not skipped.
func forSizes(b *testing.B, f func(b *testing.B, n int)) {
	for _, n := range benchSizes {
		b.Run("nodes="+strconv.Itoa(n), func(b *testing.B) {
			if why := skipSize(n); why != "" {
				b.Skip(why)
			}
			f(b, n)
		})
	}
}

func skipSize(n int) string {
	switch {
	case n > 10_000 && testing.Short():
		return "-short runs only nodes=10000"
	case n >= 1_000_000 && os.Getenv("CONVENE_BENCH_LARGE") != "1" && !benchNames(n):
		return "set CONVENE_BENCH_LARGE=1, or -bench '/nodes=" + strconv.Itoa(n) + "', to run"
	}
	return ""
}

// benchNames reports whether the -bench pattern names size n explicitly.
func benchNames(n int) bool {
	f := flag.Lookup("test.bench")
	return f != nil && strings.Contains(f.Value.String(), strconv.Itoa(n))
}

// fixture holds the inputs of one size, each made on first use and kept
// for the rest of the process, so generation stays out of the timings and
// a process running one benchmark holds only what that benchmark needs.
type fixture struct {
	n int

	reportsOnce  sync.Once
	nodes        []graph.Node
	edges        []graph.Edge
	graphOnce    sync.Once
	graph        *graph.Graph
	jsonOnce     sync.Once
	json         []byte
	jsonSizeOnce sync.Once
	jsonSize     int64
}

var (
	fixturesMu sync.Mutex
	fixtures   = make(map[int]*fixture)
)

func fixtureFor(n int) *fixture {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	f, ok := fixtures[n]
	if !ok {
		f = &fixture{n: n}
		fixtures[n] = f
	}
	return f
}

// reports returns the nodes and edges a scan of the estate would report.
func (f *fixture) reports() ([]graph.Node, []graph.Edge) {
	f.reportsOnce.Do(func() {
		synth.Generate(benchSeed, f.n,
			func(n graph.Node) { f.nodes = append(f.nodes, n) },
			func(e graph.Edge) { f.edges = append(f.edges, e) })
	})
	return f.nodes, f.edges
}

func (f *fixture) built() *graph.Graph {
	f.graphOnce.Do(func() { f.graph = synth.Build(benchSeed, f.n) })
	return f.graph
}

func (f *fixture) encoded(b *testing.B) []byte {
	f.jsonOnce.Do(func() {
		var buf bytes.Buffer
		if err := f.built().WriteJSON(&buf); err != nil {
			b.Fatal(err)
		}
		f.json = buf.Bytes()
	})
	return f.json
}

// encodedSize is the size of the graph file, counted without keeping it.
func (f *fixture) encodedSize(b *testing.B) int64 {
	f.jsonSizeOnce.Do(func() {
		var c countingWriter
		if err := f.built().WriteJSON(&c); err != nil {
			b.Fatal(err)
		}
		f.jsonSize = int64(c)
	})
	return f.jsonSize
}

type countingWriter int64

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// BenchmarkBuilder measures what a scan does after its connectors have
// read their sources: two goroutines report every node and edge into one
// Builder, then Build merges and indexes them.
func BenchmarkBuilder(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		nodes, edges := fixtureFor(n).reports()
		b.ReportAllocs()
		for b.Loop() {
			bld := graph.NewBuilder()
			var wg sync.WaitGroup
			for w := range 2 {
				wg.Go(func() {
					for _, nd := range half(nodes, w) {
						bld.AddNode(nd)
					}
					for _, e := range half(edges, w) {
						bld.AddEdge(e)
					}
				})
			}
			wg.Wait()
			if g := bld.Build(); g.Len() != len(nodes) {
				b.Fatalf("built %d nodes, reported %d", g.Len(), len(nodes))
			}
		}
		b.ReportMetric(float64(len(nodes)*b.N)/b.Elapsed().Seconds(), "nodes/s")
	})
}

func half[T any](s []T, w int) []T {
	if w == 0 {
		return s[:len(s)/2]
	}
	return s[len(s)/2:]
}

// BenchmarkWriteJSON measures writing the graph file.
func BenchmarkWriteJSON(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		f := fixtureFor(n)
		g := f.built()
		b.SetBytes(f.encodedSize(b))
		b.ReportAllocs()
		for b.Loop() {
			if err := g.WriteJSON(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecodeJSON measures reading a graph file back into a Graph. It
// also reports graph-MB, the live heap one decoded graph holds (every
// string its own), measured with runtime.MemStats after a GC.
func BenchmarkDecodeJSON(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		data := fixtureFor(n).encoded(b)
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		var before, after uint64
		var nodes, edges int
		for b.Loop() {
			// Weigh the first graph decoded, with the timer stopped.
			first := before == 0
			if first {
				b.StopTimer()
				before = liveHeap()
				b.StartTimer()
			}
			g, err := graph.DecodeJSON(data)
			if err != nil {
				b.Fatal(err)
			}
			if first {
				b.StopTimer()
				after, nodes, edges = liveHeap(), g.Len(), len(g.Edges())
				b.StartTimer()
			}
		}
		b.ReportMetric(float64(after-before)/1e6, "graph-MB")
		b.ReportMetric(float64(after-before)/float64(nodes), "graph-B/node")
		b.ReportMetric(float64(after-before)/float64(edges), "graph-B/edge")
	})
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkReachDependents measures the impact query over the graph's
// int32 adjacency, without copying nodes out: what Walk costs before it
// builds its steps. ns/reached is the figure to hold against networkx.
func BenchmarkReachDependents(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		g := fixtureFor(n).built()
		start, ok := g.Index(synth.HotSecret)
		if !ok {
			b.Fatalf("no node %s", synth.HotSecret)
		}
		var reached int
		b.ReportAllocs()
		for b.Loop() {
			reached = g.Reach(start, graph.Dependents, -1, nil).Len()
		}
		b.ReportMetric(float64(reached), "reached")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(reached), "ns/reached")
	})
}

// BenchmarkWalkDependents measures the impact query: everything that
// depends, directly or not, on the estate's most widely shared secret.
func BenchmarkWalkDependents(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		g := fixtureFor(n).built()
		var reached int
		b.ReportAllocs()
		for b.Loop() {
			reached = len(g.Walk(synth.HotSecret, graph.Dependents, -1, nil))
		}
		b.ReportMetric(float64(reached), "reached")
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(reached), "ns/reached")
	})
}

// BenchmarkGonumBreadthFirst walks the same dependents as
// BenchmarkWalkDependents with gonum's traverse.BreadthFirst over the
// reversed view, the route any gonum algorithm takes.
func BenchmarkGonumBreadthFirst(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		g := fixtureFor(n).built()
		start, ok := g.Index(synth.HotSecret)
		if !ok {
			b.Fatalf("no node %s", synth.HotSecret)
		}
		rev := g.Reverse()
		var reached int
		b.ReportAllocs()
		for b.Loop() {
			reached = 0
			bf := traverse.BreadthFirst{Visit: func(gg.Node) { reached++ }}
			bf.Walk(rev, graph.GonumNode(start), nil)
		}
		if want := len(g.Walk(synth.HotSecret, graph.Dependents, -1, nil)); reached != want {
			b.Errorf("gonum reached %d nodes, Walk %d", reached, want)
		}
		b.ReportMetric(float64(reached), "reached")
	})
}

// BenchmarkResolveSuffix measures naming a target the way users do, by a
// unique suffix of its ID, which scans every node.
func BenchmarkResolveSuffix(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		g := fixtureFor(n).built()
		ref := uniqueSuffix(b, g)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := g.Resolve(ref); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkResolveMiss measures a reference that names no node, for which
// Resolve ranks the closest IDs by edit distance.
func BenchmarkResolveMiss(b *testing.B) {
	forSizes(b, func(b *testing.B, n int) {
		g := fixtureFor(n).built()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := g.Resolve("payments-api/dbb"); err == nil {
				b.Fatal("resolved a reference that names no node")
			}
		}
	})
}

// uniqueSuffix finds, from the middle of the graph on, a Vault secret
// whose ID without its mount ("team/app/db") names it alone.
func uniqueSuffix(b *testing.B, g *graph.Graph) string {
	for i := g.Len() / 2; i < g.Len(); i++ {
		n := g.At(i)
		if n.Type != "vault-kv-secret" {
			continue
		}
		_, ref, _ := strings.Cut(n.ID, "/")
		if got, err := g.Resolve(ref); err == nil && got.ID == n.ID {
			return ref
		}
	}
	b.Fatal("no vault secret with a unique suffix")
	return ""
}

func ExampleGraph_Walk_synthetic() {
	g := synth.Build(1, 2000)
	steps := g.Walk(synth.HotSecret, graph.Dependents, 1, nil)
	fmt.Println(steps[0].Node.ID, len(steps) > 1)
	// Output: vault:secret/shared/datadog/api-key true
}
