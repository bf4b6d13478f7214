package ownership

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with the test files and the
// sample estate. Parse must never panic, every error must name a line, and a
// file it accepts must emit into a builder without a diagnostic of the
// builder's own.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	seeds = append(seeds, "../../testdata/estate/convene-owners.yaml")
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("version: 1\nteams: &a [*a]\n"))
	f.Add([]byte("version: 1\nteams:\n  - &t {id: a, contacts: &c {slack: x}}\n  - {<<: [*t, {members: [b@example.com]}], id: b, contacts: {<<: *c}}\n"))
	f.Add([]byte("version: 1\nrules:\n  - ids: \"\\\\\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("f.yaml", data)
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %v is not a non-empty ErrorList", err)
			}
			for _, e := range list {
				if e.Line < 1 || e.Msg == "" {
					t.Fatalf("error without line or message: %#v", e)
				}
			}
			return
		}
		for _, w := range file.Warnings {
			if w.Line < 1 {
				t.Fatalf("warning without line: %#v", w)
			}
		}
		b := graph.NewBuilder()
		emit([]*File{file}, b)
		if ds := b.Build().Diagnostics(); len(ds) > 0 {
			t.Fatalf("emitting an accepted file made diagnostics: %v", ds)
		}
	})
}
