package jenkins

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// FuzzParse feeds arbitrary text to the Groovy scanner, seeded with the
// fixtures, the sample estate and every corpus Jenkinsfile. It must never
// panic or loop, an error must name a line, and what it emits must be
// accepted by the builder.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/in/*")
	seeds = append(seeds, "../../testdata/estate/repos/github.com/northwind/release-tools/Jenkinsfile")
	if _, err := os.Stat(corpusDir); err == nil {
		filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				seeds = append(seeds, p)
			}
			return nil
		})
	}
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(string(data))
		}
	}
	f.Add(`"${"}"}" '''x''' $/a/$ /re/ a / b { ( [ `)
	f.Add("withCredentials([string(credentialsId: \"${x}\")]) {\n")
	f.Fuzz(func(t *testing.T, src string) {
		res := Parse(src)
		if res.Err != nil && res.Err.Line < 1 {
			t.Fatalf("error without a line: %v", res.Err)
		}
		if res.r.style == "" {
			return
		}
		b := graph.NewBuilder()
		(&emitter{b: b, repo: repo.Repo{Host: "example.com", Owner: "o", Name: "r", Root: "r"}, file: "r/Jenkinsfile"}).emit(res.r)
		if ds := b.Build().Diagnostics(); len(ds) > 0 {
			t.Fatalf("builder rejected what was emitted: %v", ds)
		}
	})
}
