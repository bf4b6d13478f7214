package mcp

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// corpusRoot holds real public MCP configurations, flattened as
// <owner>+<repo>--<path with / as _>.
var corpusRoot = filepath.Join("..", "..", "..", "shared", "corpus", "mcp-configs")

// configNames are the file names the flattened corpus names end with.
var configNames = []string{"claude_desktop_config.json", "mcp-config.json", ".mcp.json", "mcp.json"}

// corpusPlace names a flattened corpus file's repository and path in it.
func corpusPlace(t testing.TB, name string) place {
	owner, rest, ok := strings.Cut(name, "+")
	repoName, flat, ok2 := strings.Cut(rest, "--")
	if !ok || !ok2 {
		t.Fatalf("corpus file %s is not named <owner>+<repo>--<path>", name)
	}
	rel := flat
	for _, n := range configNames {
		if prefix, found := strings.CutSuffix(flat, n); found {
			rel = strings.ReplaceAll(prefix, "_", "/") + n
			break
		}
	}
	return place{LocID: "github.com/" + owner + "/" + repoName, LocName: owner + "/" + repoName, LocType: "git-repo",
		IdentifiedBy: "path", Rel: rel, Scope: "repository"}
}

func corpusFiles(t testing.TB) []string {
	entries, err := os.ReadDir(corpusRoot)
	if err != nil {
		t.Skipf("corpus not found at %s (the shared corpus is checked out beside the repository): %v", corpusRoot, err)
	}
	var files []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			files = append(files, e.Name())
		}
	}
	slices.Sort(files)
	return files
}

// TestCorpus scans every real configuration of the corpus into one graph,
// kept as a golden file that was checked by hand against each file.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	if len(files) < 19 {
		t.Fatalf("found only %d corpus files", len(files))
	}
	c := New(nil)
	b := graph.NewBuilder()
	for _, f := range files {
		p := filepath.ToSlash(filepath.Join(corpusRoot, f))
		head, _ := os.ReadFile(p)
		pl := corpusPlace(t, f)
		if !c.Claims(pl.Rel, head) {
			t.Errorf("does not claim %s (as %s)", f, pl.Rel)
		}
		c.discoverFile(p, b, &pl)
	}
	g := b.Build()
	for _, d := range g.Diagnostics() {
		if d.Severity == graph.Error {
			t.Errorf("error on a real configuration: %v", d)
		}
	}
	out := strings.ReplaceAll(g.String(), filepath.ToSlash(corpusRoot)+"/", "")
	goldenfile.Check(t, filepath.Join("testdata", "corpus.out"), out)
}
