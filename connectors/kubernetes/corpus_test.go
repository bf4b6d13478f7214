package kubernetes

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// corpusRoot holds real public manifests (see its SOURCES.md).
var corpusRoot = filepath.Join("..", "..", "..", "shared", "corpus", "k8s-manifests")

func corpusFiles(t testing.TB) []string {
	t.Helper()
	if _, err := os.Stat(corpusRoot); err != nil {
		t.Skipf("corpus absent (%v); check out the shared corpus beside the repository to run this test", err)
	}
	var files []string
	err := filepath.WalkDir(corpusRoot, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".json")) {
			files = append(files, filepath.ToSlash(p))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCorpus scans every real manifest of the corpus, claimed or not: no
// panic, the {% raw %}-wrapped snippets give a template warning and no
// error, and each claimed file's graph matches its golden under
// testdata/corpus (paths in it are relative to the corpus).
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	c := New(nil)
	var claimedN, warned int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(f, filepath.ToSlash(corpusRoot)+"/")
		objs, diags := Parse(f, data) // every file, claimed or not: must not panic
		if strings.Contains(string(data), "{% raw %}") {
			if len(diags) != 1 || diags[0].Severity != graph.Warning || !strings.Contains(diags[0].Message, "unrendered template") {
				t.Errorf("%s: want one unrendered-template warning, got %v", rel, diags)
			}
			warned++
		} else if len(diags) > 0 {
			t.Errorf("%s: unexpected diagnostics %v", rel, diags)
		}
		if !c.Claims(f, data[:min(len(data), 8<<10)]) {
			continue
		}
		claimedN++
		if len(objs) == 0 && len(diags) == 0 {
			t.Errorf("%s: claimed but no object read", rel)
		}
		got := strings.ReplaceAll(scan(t, c, []string{f}), filepath.ToSlash(corpusRoot)+"/", "corpus/")
		golden(t, filepath.Join("testdata", "corpus", strings.ReplaceAll(rel, "/", "__")+".out"), got)
	}
	if warned != 4 {
		t.Errorf("%d {%% raw %%} snippets met, want 4", warned)
	}
	t.Logf("%d corpus files, %d claimed", len(files), claimedN)
}
