package gitlabci

import (
	"context"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// BenchmarkDiscover reads the fixture pipelines and the sample estate's.
func BenchmarkDiscover(b *testing.B) {
	files := []string{
		"testdata/repos/gitlab.com/acme/kitchen-sink/.gitlab-ci.yml",
		"../../testdata/estate/repos/gitlab.com/northwind/ledger/.gitlab-ci.yml",
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := New().Discover(context.Background(), files, graph.NewBuilder()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "files/s")
}
