package mcp

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// BenchmarkCorpus reads every real configuration of the corpus into one
// builder, as a scan of those repositories would.
func BenchmarkCorpus(b *testing.B) {
	files := corpusFiles(b)
	c := New(nil)
	places := make([]place, len(files))
	paths := make([]string, len(files))
	var size int64
	for i, f := range files {
		paths[i] = filepath.ToSlash(filepath.Join(corpusRoot, f))
		places[i] = corpusPlace(b, f)
		if st, err := os.Stat(paths[i]); err == nil {
			size += st.Size()
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		bl := graph.NewBuilder()
		for i := range paths {
			c.discoverFile(paths[i], bl, &places[i])
		}
	}
}
