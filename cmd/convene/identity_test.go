package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/drift"
)

// commentFor returns the comment line a file of the sample estate takes at
// its top, "" for a file kind that has no comments (JSON) or that no
// connector reads. A file of a kind not listed fails the test, so that a new
// kind in the estate gets a decision here.
func commentFor(t *testing.T, rel string) string {
	base := filepath.Base(rel)
	switch {
	case strings.HasSuffix(base, ".json"), strings.HasSuffix(base, ".md"):
		return ""
	case strings.HasSuffix(base, ".log"): // audit logs: JSON lines, no comments
		return ""
	case base == "Jenkinsfile" || strings.HasSuffix(base, ".groovy") || strings.HasSuffix(base, ".jenkinsfile"):
		return "// checked out by the CI runner\n"
	case strings.HasSuffix(base, ".yaml"), strings.HasSuffix(base, ".yml"), strings.HasSuffix(base, ".hcl"),
		strings.HasSuffix(base, ".tf"), strings.HasSuffix(base, ".env"), strings.HasSuffix(base, ".service"),
		strings.HasSuffix(base, ".timer"), base == "CODEOWNERS", base == "hostname", base == "config",
		base == "credentials", base == "env", base == "crontab", base == "hosts",
		strings.Contains(filepath.ToSlash(rel), "/etc/cron.d/"):
		return "# managed by configuration management; do not edit\n"
	}
	t.Fatalf("the sample estate has a file of a kind this test does not know: %s; say in commentFor how it takes a comment", rel)
	return ""
}

// copyEstate copies the sample estate to dst; with comments, every file
// that can take a comment gets one as its first line.
func copyEstate(t *testing.T, dst string, comments bool) {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "estate")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if !comments {
		return
	}
	err := filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dst, p)
		c := commentFor(t, rel)
		if c == "" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(p, append([]byte(c), data...), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// scanTo scans dir into a graph file and returns the file and the graph.
func scanTo(t *testing.T, dir string) (string, *graph.Graph) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "graph.json")
	if _, stderr, code := run(t, "scan", dir, "--out", out); code != 0 {
		t.Fatalf("scan %s: exit %d\n%s", dir, code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	return out, g
}

// fingerprints returns the sorted fingerprints of the findings on a graph
// file.
func fingerprints(t *testing.T, graphFile string) []string {
	t.Helper()
	stdout, stderr, _ := run(t, "findings", "--graph", graphFile, "--format", "json")
	var doc struct {
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("findings: %v\n%s", err, stderr)
	}
	var fps []string
	for _, f := range doc.Findings {
		fps = append(fps, f.Fingerprint)
	}
	slices.Sort(fps)
	return fps
}

// TestEstateEditsAndMoves scans the sample estate as checked out in one
// folder, and as checked out in another with a comment line at the top of
// every file that takes one: the drift between the two is empty (nodes,
// edges, attributes) and the findings keep their fingerprints.
func TestEstateEditsAndMoves(t *testing.T) {
	one := filepath.Join(t.TempDir(), "one", "estate")
	two := filepath.Join(t.TempDir(), "workspace", "runner-7", "estate-checkout")
	copyEstate(t, one, false)
	copyEstate(t, two, true)
	fileOne, g1 := scanTo(t, one)
	fileTwo, g2 := scanTo(t, two)
	if r := drift.Compare(g1, g2); !r.Empty() {
		t.Errorf("drift after comment lines and a move is not empty:\nadded %+v\nremoved %+v\nchanged %+v\nedges added %+v removed %+v changed %+v",
			r.AddedNodes, r.RemovedNodes, r.ChangedNodes, r.AddedEdges, r.RemovedEdges, r.ChangedEdges)
	}
	fp1, fp2 := fingerprints(t, fileOne), fingerprints(t, fileTwo)
	if len(fp1) == 0 {
		t.Fatal("no findings on the sample estate")
	}
	if diff := cmp.Diff(fp1, fp2); diff != "" {
		t.Errorf("finding fingerprints (-one +two):\n%s", diff)
	}
	// No ID holds a line number or a path of the scanning machine.
	lineSuffix := regexp.MustCompile(`#[0-9]+$`)
	for _, n := range g2.Nodes() {
		if lineSuffix.MatchString(n.ID) || strings.Contains(n.ID, two) || strings.Contains(n.ID, "runner-7") {
			t.Errorf("node ID %q holds a line number or the scanned folder", n.ID)
		}
		for k, v := range n.Attrs {
			if strings.Contains(v, two) || strings.Contains(v, "runner-7") {
				t.Errorf("%s: attribute %s holds the scanned folder: %s", n.ID, k, v)
			}
		}
	}
}

// withoutEvidence returns a graph file's JSON without evidence and
// diagnostics, which name files as the scan did.
func withoutEvidence(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "diagnostics")
	for _, key := range []string{"nodes", "edges"} {
		items, _ := doc[key].([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				delete(m, "evidence")
			}
		}
	}
	return doc
}

// TestEstateFromTwoFolders checks that the same tree scanned from two
// folders gives the same graph file but for evidence.
func TestEstateFromTwoFolders(t *testing.T) {
	one := filepath.Join(t.TempDir(), "a", "estate")
	two := filepath.Join(t.TempDir(), "b", "c", "elsewhere")
	copyEstate(t, one, false)
	copyEstate(t, two, false)
	f1, _ := scanTo(t, one)
	f2, _ := scanTo(t, two)
	if diff := cmp.Diff(withoutEvidence(t, f1), withoutEvidence(t, f2)); diff != "" {
		t.Errorf("graph files of one tree scanned from two folders (-one +two):\n%s", diff)
	}
}
