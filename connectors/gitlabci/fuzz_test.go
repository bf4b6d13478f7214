package gitlabci

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// FuzzPipeline feeds arbitrary bytes to the reader as a .gitlab-ci.yml,
// seeded with the fixtures, the sample estate and the corpus. It must
// never panic, every diagnostic must carry a line, and the builder must
// accept everything emitted.
func FuzzPipeline(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/repos/gitlab.com/acme/*/.gitlab-ci.yml")
	seeds = append(seeds, "../../testdata/estate/repos/gitlab.com/northwind/ledger/.gitlab-ci.yml")
	for _, n := range gitlabFiles {
		seeds = append(seeds, filepath.Join(corpusDir, n))
	}
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a: &a [*a]\nb: {extends: b}\n"))
	f.Add([]byte("x:\n  extends: [y]\ny:\n  extends: x\n  script: !reference [x, script]\n"))
	f.Add([]byte("before_script: [\"docker login -p $P\"]\n.r:\n  n: [{if: $CI_PIPELINE_SOURCE == \"schedule\"}]\nj:\n  rules: [!reference [.r, n], [{when: never}]]\n  script: ['[[ -v AWS_KEY ]] && aws s3 ls', '$env:X']\n"))
	f.Add([]byte("include:\n  - local: .gitlab-ci.yml\n    rules: [{if: $A}, {exists: [x]}]\n.t: {secrets: {S: {vault: a/b/c@kv}}}\n"))
	f.Add([]byte(".a: &a {variables: {R: a}, secrets: {S: {vault: a/b/c@kv}}}\n.b: &b {variables: {R: b}, <<: *b}\n<<: {j2: {script: x}}\nj:\n  <<: [*a, *b]\n  script: echo $R\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		file := filepath.ToSlash(filepath.Join(dir, ".gitlab-ci.yml"))
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		b := graph.NewBuilder()
		rp := repo.Repo{Host: "gitlab.com", Owner: "o", Name: "r", Root: filepath.ToSlash(dir)}
		DiscoverFile(file, b, &rp)
		for _, d := range b.Build().Diagnostics() {
			if d.Connector != Name {
				t.Fatalf("builder rejected what was emitted: %s", d)
			}
			if d.Line < 1 && d.Severity == graph.Error && d.File == file {
				t.Fatalf("diagnostic without a line: %s", d)
			}
		}
	})
}
