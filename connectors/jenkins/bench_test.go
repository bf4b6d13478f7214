package jenkins

import (
	"os"
	"testing"
)

// BenchmarkParse scans every corpus Jenkinsfile (or the fixtures when the
// corpus is absent).
func BenchmarkParse(b *testing.B) {
	var srcs []string
	var size int64
	for _, p := range corpusFiles(b) {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, string(data))
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range srcs {
			Parse(s)
		}
	}
	b.ReportMetric(float64(len(srcs)*b.N)/b.Elapsed().Seconds(), "files/s")
}
