package gitlabci

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// corpusDir holds poutine's scanner test data: real GitLab CI files
// (.gitlab-ci.yml with a spec: inputs header and every include form, and
// the local files it includes) beside GitHub, Azure and Tekton files.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "ci-pipelines", "poutine-scanner-testdata", "scanner", "testdata")

// gitlabFiles are the GitLab CI files of that folder: the pipeline, the
// file it includes and the file that one includes in turn.
var gitlabFiles = []string{".gitlab-ci.yml", "include.yml", ".local-ci-template.yml"}

func needCorpus(t testing.TB) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it lives beside the repository as shared/corpus); skipping", corpusDir)
	}
}

// TestCorpusClaims checks that of every file in the folder only the
// pipeline is claimed: includes are read through it, and the GitHub, Azure
// and Tekton files are not GitLab's.
func TestCorpusClaims(t *testing.T) {
	needCorpus(t)
	var got []string
	filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && New().Claims(filepath.ToSlash(p), nil) {
			got = append(got, filepath.Base(p))
		}
		return nil
	})
	if len(got) != 1 || got[0] != ".gitlab-ci.yml" {
		t.Errorf("claimed %v, want only .gitlab-ci.yml", got)
	}
}

// TestCorpus reads each GitLab file as a pipeline of its own (as a
// pipeline path set to it in GitLab would) and compares with the golden
// output: no panic, and each yields its pipeline or a diagnostic.
func TestCorpus(t *testing.T) {
	needCorpus(t)
	for _, name := range gitlabFiles {
		t.Run(name, func(t *testing.T) {
			f := filepath.ToSlash(filepath.Join(corpusDir, name))
			b := graph.NewBuilder()
			rp := repo.Repo{Host: "gitlab.com", Owner: "boostsecurityio", Name: "poutine", Root: filepath.ToSlash(corpusDir), Source: "test"}
			DiscoverFile(f, b, &rp)
			g := b.Build()
			if len(g.Nodes()) == 0 && len(g.Diagnostics()) == 0 {
				t.Fatalf("%s silently dropped", name)
			}
			got := strings.ReplaceAll(g.String(), filepath.ToSlash(corpusDir)+"/", "")
			golden(t, filepath.Join("testdata", "corpus", strings.TrimPrefix(name, ".")+".out"), got)
		})
	}
}
