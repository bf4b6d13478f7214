package githubactions

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/goldenfile"

	"github.com/convene-dev/convene/graph"
)

// golden compares got with the golden file out, or rewrites it under -update.
func golden(t *testing.T, out, got string) {
	t.Helper()
	goldenfile.Check(t, out, got)
}

// claimed walks root and returns the files the connector claims, as a scan
// would hand them over.
func claimed(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		p = filepath.ToSlash(p)
		head, _ := os.ReadFile(p)
		if New().Claims(p, head) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func discover(t *testing.T, files []string) string {
	t.Helper()
	b := graph.NewBuilder()
	if err := New().Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build().String()
}

// TestEstate scans the sample estate's repositories.
func TestEstate(t *testing.T) {
	root := "../../testdata/estate/repos"
	files := claimed(t, root)
	if len(files) != 7 {
		t.Fatalf("claimed %d files, want 6 workflows and 1 action: %v", len(files), files)
	}
	golden(t, "testdata/estate.out", discover(t, files))
}

// TestGolden scans each fixture repository under testdata/repos on its own.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/repos/github.com/acme/*/.github/workflows/*.yml")
	if err != nil || len(files) == 0 {
		t.Fatal("no fixtures", err)
	}
	for _, in := range files {
		name := strings.TrimSuffix(filepath.Base(in), ".yml")
		t.Run(name, func(t *testing.T) {
			golden(t, filepath.Join("testdata", "out", name+".out"), discover(t, []string{filepath.ToSlash(in)}))
		})
	}
}

// TestNoSecretValues proves that inline credential values reach neither
// the graph nor its diagnostics: only their fingerprints do.
func TestNoSecretValues(t *testing.T) {
	got := discover(t, []string{"testdata/repos/github.com/acme/app/.github/workflows/inline.yml"})
	for _, v := range []string{"hunter2hunter2", "AKIAZNWCIDEPLOY00001", "ghp_R4nd0mL00kingT0kenN0tIssued12345678", "glpat-Zx9Rt2Lm4Qw8Np6Vb3Kc"} {
		if strings.Contains(got, v) {
			t.Errorf("output holds the inline value %q", v)
		}
		if !strings.Contains(got, fingerprint(v)) {
			t.Errorf("output lacks the fingerprint of an inline value (%s)", fingerprint(v))
		}
	}
}
