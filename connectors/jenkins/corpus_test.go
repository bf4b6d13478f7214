package jenkins

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// corpusDir holds real public Jenkinsfiles (see its SOURCES.md).
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "ci-pipelines", "jenkins")

// corpusFiles lists every Jenkinsfile of the corpus, licences aside.
func corpusFiles(t testing.TB) []string {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found at %s (it lives beside the repository as shared/corpus); skipping", corpusDir)
	}
	var files []string
	filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), "LICENSE") {
			files = append(files, filepath.ToSlash(p))
		}
		return nil
	})
	slices.Sort(files)
	return files
}

// TestCorpus reads every corpus Jenkinsfile: each is claimed, none panics,
// each either yields a pipeline node or a diagnostic saying why not, and the
// invalid ones are flagged.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	if len(files) != 70 {
		t.Errorf("corpus has %d Jenkinsfiles, want 70 (5 jenkins-infra-release, 65 rtyler-jdp)", len(files))
	}
	for _, f := range files {
		if !New().Claims(f, nil) && !strings.Contains(f, "jenkins-infra-release/") {
			t.Errorf("%s not claimed", f)
		}
		b := graph.NewBuilder()
		rp := repo.Repo{Name: "corpus", Root: filepath.ToSlash(filepath.Dir(f))}
		DiscoverFile(f, b, &rp)
		g := b.Build()
		var pipelines int
		for _, n := range g.Nodes() {
			if n.Type == "ci-workflow" {
				pipelines++
			}
		}
		diags := g.Diagnostics()
		if pipelines == 0 && len(diags) == 0 {
			t.Errorf("%s: silently dropped: no pipeline and no diagnostic", f)
		}
		invalid := strings.Contains(f, "/data/invalid/") && !strings.Contains(f, "scripted-pipeline")
		if invalid && len(diags) == 0 {
			t.Errorf("%s: invalid declarative pipeline without a diagnostic", f)
		}
		if !invalid && strings.Contains(f, "/data/valid/") {
			for _, d := range diags {
				t.Errorf("%s: valid file got diagnostic %s", f, d)
			}
		}
	}
}

// TestCorpusGolden pins what five real files yield.
func TestCorpusGolden(t *testing.T) {
	corpusFiles(t)
	for _, rel := range []string{
		"jenkins-infra-release/Jenkinsfile.d_core_package",
		"jenkins-infra-release/Jenkinsfile.d_core_release",
		"jenkins-infra-release/Jenkinsfile.d_core_weekly",
		"jenkins-infra-release/Jenkinsfile.d_infra-agents-health",
		"rtyler-jdp-data/data/valid/jenkins-evergreen/Jenkinsfile",
		"rtyler-jdp-data/data/valid/env-with-credentials/Jenkinsfile",
		"rtyler-jdp-data/data/valid/markewaite-jenkins-bugs/JENKINS-62579-Владислав-Ненашев/Jenkinsfile",
		"rtyler-jdp-data/data/valid/monorepo-with-shared-library-steps/Jenkinsfile",
		"rtyler-jdp-data/data/invalid/two-top-level-agents/Jenkinsfile",
	} {
		f := filepath.ToSlash(filepath.Join(corpusDir, rel))
		name := strings.NewReplacer("/", "_", "rtyler-jdp-data_data_", "", "jenkins-infra-release_", "").Replace(rel)
		t.Run(name, func(t *testing.T) {
			b := graph.NewBuilder()
			rp := repo.Repo{Name: "corpus", Root: filepath.ToSlash(filepath.Dir(f))}
			DiscoverFile(f, b, &rp)
			got := strings.ReplaceAll(b.Build().String(), filepath.ToSlash(corpusDir)+"/", "")
			golden(t, filepath.Join("testdata", "corpus", name+".out"), got)
		})
	}
}
