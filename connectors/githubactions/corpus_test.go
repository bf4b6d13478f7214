package githubactions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// corpusRoot is the shared corpus of real public configuration files.
var corpusRoot = filepath.Join("..", "..", "..", "shared", "corpus", "ci-pipelines")

// corpusFiles lists the GitHub Actions files of the corpus: the flattened
// copies under github-actions/ (their names keep the original path with _
// for /) and the GitHub ones of poutine's scanner test data.
func corpusFiles(t testing.TB) []string {
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("corpus not found at %s (the shared corpus is checked out beside the repository): %v", corpusRoot, err)
	}
	var files []string
	_ = filepath.WalkDir(corpusRoot, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		slash := filepath.ToSlash(p)
		switch {
		case strings.Contains(slash, "/github-actions/") && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")):
			files = append(files, slash)
		case strings.Contains(slash, "/poutine-scanner-testdata/"):
			head, _ := os.ReadFile(p)
			if New().Claims(slash, head) {
				files = append(files, slash)
			}
		}
		return nil
	})
	return files
}

// TestClaimsCorpus checks that the connector takes poutine's GitHub files
// and leaves its Azure Pipelines, Tekton and GitLab files alone.
func TestClaimsCorpus(t *testing.T) {
	root := filepath.Join(corpusRoot, "poutine-scanner-testdata")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		slash := filepath.ToSlash(p)
		head, _ := os.ReadFile(p)
		got := New().Claims(slash, head)
		foreign := strings.Contains(slash, "azure-pipelines") || strings.Contains(slash, ".tekton/") ||
			strings.Contains(slash, "gitlab") || strings.HasSuffix(slash, "include.yml")
		if foreign && got {
			t.Errorf("claims %s, which is not GitHub Actions", slash)
		}
		if strings.Contains(slash, "/.github/workflows/") && strings.HasSuffix(slash, ".yml") && !got {
			t.Errorf("does not claim workflow %s", slash)
		}
		return nil
	})
}

// TestCorpus reads every corpus file: no panic, invalid files become error
// diagnostics, and the output of each file is kept as a golden file that
// was reviewed by hand.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	if len(files) < 20 {
		t.Fatalf("found only %d corpus files", len(files))
	}
	for _, f := range files {
		rel, _ := filepath.Rel(corpusRoot, filepath.FromSlash(f))
		name := strings.NewReplacer("/", "__", "\\", "__").Replace(filepath.ToSlash(rel))
		t.Run(name, func(t *testing.T) {
			b := graph.NewBuilder()
			rp := corpusRepo(f)
			discoverFile(newCache(), f, b, &rp)
			g := b.Build()
			for _, d := range g.Diagnostics() {
				if d.Line < 0 || d.Message == "" {
					t.Errorf("diagnostic without place or message: %v", d)
				}
			}
			out := strings.ReplaceAll(g.String(), filepath.ToSlash(corpusRoot)+"/", "")
			golden(t, filepath.Join("testdata", "corpus", name+".out"), out)
		})
	}
}

// corpusRepo names a corpus file's repository after its folder, since the
// flattened copies carry no checkout around them.
func corpusRepo(f string) repo.Repo {
	dir := filepath.ToSlash(filepath.Dir(f))
	if i := strings.LastIndex(dir, "/.github"); i >= 0 {
		dir = dir[:i]
	}
	return repo.Repo{Host: "github.com", Owner: "corpus", Name: filepath.Base(dir), Root: dir, Source: "path"}
}
