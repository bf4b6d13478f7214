package aws

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/goldenfile"

	"github.com/convene-dev/convene/graph"
)

// corpusDir is the shared corpus of real public files, beside the
// repository.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

// discover runs the offline connector over files and renders the graph,
// diagnostics included.
func discover(t testing.TB, files ...string) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// checkGolden compares got with the golden file out, or rewrites it under -update.
func checkGolden(t *testing.T, out, got string) {
	t.Helper()
	goldenfile.Check(t, out, got)
}

// TestGolden reads each testdata/*.json (and .csv) on its own and compares
// the graph with the .out file beside it.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.json")
	csvs, _ := filepath.Glob("testdata/*.csv")
	files = append(files, csvs...)
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			got := discover(t, filepath.ToSlash(in)).String()
			checkGolden(t, strings.TrimSuffix(in, filepath.Ext(in))+".out", got)
		})
	}
}

// TestEstate reads both accounts of the sample estate together, as a scan
// does, so references across files meet.
func TestEstate(t *testing.T) {
	g := discover(t, estateFiles(t)...)
	for _, d := range g.Diagnostics() {
		t.Errorf("diagnostic: %v", d)
	}
	checkGolden(t, filepath.Join("testdata", "estate.out"), g.String())
}

// estateFiles are the sample estate's AWS exports; each must be claimed.
func estateFiles(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "estate", "aws", "*", "*"))
	if len(files) == 0 {
		t.Fatal("no sample estate")
	}
	var out []string
	for _, f := range files {
		head, _ := readHeadForTest(f)
		if !New(nil).Claims(filepath.ToSlash(f), head) {
			t.Errorf("%s is not claimed", f)
		}
		out = append(out, filepath.ToSlash(f))
	}
	return out
}

// TestCorpus loads every real export of the shared corpus: each must be
// claimed by content (the names are flattened), load without an error
// diagnostic, and give the golden graph.
func TestCorpus(t *testing.T) {
	dirs := []string{
		filepath.Join(corpusDir, "aws-iam-authz-details", "cloudmapper-demo"),
		filepath.Join(corpusDir, "aws-iam-authz-details", "cloudsplaining"),
		filepath.Join(corpusDir, "aws-service-api-responses", "cloud-custodian-placebo"),
	}
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared corpus not found at %s: %v; check it out beside the repository to run this test", corpusDir, err)
	}
	// Files that are AWS exports of things this connector does not model.
	notOurs := map[string]bool{"ecs-list-clusters.json": true, "ecs-describe-tasks-myecs.json": true}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, f := range files {
			base := filepath.Base(f)
			t.Run(filepath.Base(dir)+"/"+base, func(t *testing.T) {
				head, _ := readHeadForTest(f)
				claimed := New(nil).Claims(filepath.ToSlash(f), head)
				if claimed == notOurs[base] {
					t.Fatalf("claimed = %v, want %v", claimed, !notOurs[base])
				}
				if !claimed {
					return
				}
				g := discover(t, filepath.ToSlash(f))
				for _, d := range g.Diagnostics() {
					if d.Severity == graph.Error {
						t.Errorf("diagnostic: %v", d)
					}
				}
				if g.Len() == 0 {
					t.Error("no nodes")
				}
				// The corpus path differs per checkout: name it neutrally.
				got := strings.ReplaceAll(g.String(), filepath.ToSlash(f), "CORPUS/"+base)
				checkGolden(t, filepath.Join("testdata", "corpus", filepath.Base(dir)+"__"+strings.TrimSuffix(base, ".json")+".out"), got)
			})
		}
	}
}

// TestNoSecretValues: environment values that are not secret or parameter
// ARNs never reach the graph, offline or live (TestLive checks the live
// path).
func TestNoSecretValues(t *testing.T) {
	got := discover(t, "testdata/lambda-env-refs.json").String()
	for _, v := range []string{"hunter2-never-stored", "northwind-reports"} {
		if strings.Contains(got, v) {
			t.Errorf("environment value %q reached the graph", v)
		}
	}
	if !strings.Contains(got, `env_names="[\"API_TOKEN_PARAM\",\"BUCKET\",\"DB_PASSWORD\",\"DB_SECRET\"]"`) {
		t.Error("variable names were not kept")
	}
}
