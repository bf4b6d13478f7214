package githubactions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// FuzzParse feeds the workflow reader arbitrary bytes, seeded with the
// fixtures, the sample estate and the corpus. It must never panic; an error
// must name a line; an accepted file must emit without a builder
// diagnostic (every edge's ends reported).
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/repos/github.com/acme/app/.github/workflows/*.yml")
	more, _ := filepath.Glob("../../testdata/estate/repos/github.com/northwind/*/.github/workflows/*.yml")
	seeds = append(seeds, more...)
	if _, err := os.Stat(corpusRoot); err == nil {
		seeds = append(seeds, corpusFiles(f)...)
	}
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("on: push\njobs: &a\n  x: *a\n"))
	f.Add([]byte("on: [push]\njobs:\n  a:\n    steps:\n      - env: {A: \"${{ secrets[ }}\"}\n"))
	empty := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		wf, err := parseWorkflow("w.yml", data)
		if err != nil {
			pe, ok := err.(*ParseError)
			if !ok || pe.Line < 1 || pe.Msg == "" {
				t.Fatalf("error %#v is not a ParseError with a line", err)
			}
			return
		}
		for _, w := range wf.warnings {
			if w.line < 1 {
				t.Fatalf("warning without line: %#v", w)
			}
		}
		b := graph.NewBuilder()
		rp := repo.Repo{Host: "github.com", Owner: "o", Name: "r", Root: filepath.ToSlash(empty)}
		r := &resolver{cache: newCache(), root: rp.Root, slug: rp.Slug(), warn: func(warning) {}}
		(&emitter{b: b, repo: rp, file: rp.Root + "/.github/workflows/w.yml"}).emit(wf, r)
		for _, d := range b.Build().Diagnostics() {
			if !strings.Contains(d.Message, "hard-coded") {
				t.Fatalf("emitting an accepted file made a diagnostic: %v", d)
			}
		}
	})
}
