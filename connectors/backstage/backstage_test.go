package backstage

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

func discover(t *testing.T, files ...string) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := New().Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// TestGolden reads each testdata/*.yaml on its own.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, in := range files {
		t.Run(filepath.Base(in), func(t *testing.T) {
			golden(t, strings.TrimSuffix(in, ".yaml")+".out", discover(t, filepath.ToSlash(in)).String())
		})
	}
}

// TestCorpus reads every example of Backstage's own catalog, each file on
// its own, so each golden shows what one file says.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "ownership", "backstage-catalog-examples")
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if len(files) == 0 {
		t.Skipf("corpus not found at %s; fetch ../shared/corpus to run this test", dir)
	}
	for _, p := range files {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !New().Claims("x/"+name, data) {
				t.Errorf("%s not claimed by content", name)
			}
			// Cite the file by name only, so goldens do not depend on
			// where the corpus is.
			b := graph.NewBuilder()
			ents, probs := Parse(data)
			for _, pr := range probs {
				b.Diagnose(graph.Diagnostic{Connector: Name, File: name, Line: pr.Line, Message: pr.Msg})
			}
			if len(ents) == 0 {
				t.Errorf("no entities read")
			}
			for _, e := range ents {
				if e.Kind != "location" {
					emit(name, e, b)
				}
			}
			golden(t, filepath.Join("testdata", "corpus", strings.TrimSuffix(name, ".yaml")+".out"), b.Build().String())
		})
	}
}

// TestEstate keeps the sample estate's catalog free of diagnostics.
func TestEstate(t *testing.T) {
	var files []string
	for _, g := range []string{"../../testdata/estate/catalog/*.yaml", "../../testdata/estate/repos/github.com/northwind/payments-api/catalog-info.yaml"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 2 {
		t.Fatalf("estate catalog files missing: %v", files)
	}
	g := discover(t, files...)
	if ds := g.Diagnostics(); len(ds) > 0 {
		t.Errorf("diagnostics: %v", ds)
	}
	golden(t, "testdata/estate.out", g.String())
}

func TestParseRef(t *testing.T) {
	for _, tc := range []struct {
		in, kind, ns string
		want         string
		ok           bool
	}{
		{"team-a", "group", "default", "group:default/team-a", true},
		{"user:guest", "group", "default", "user:default/guest", true},
		{"default/team-a", "group", "alternative", "group:default/team-a", true},
		{"team-a", "group", "alternative", "group:alternative/team-a", true},
		{"Group:Default/Payments", "group", "default", "group:default/payments", true},
		{"orders-db", "", "default", "", false},
		{"resource:orders-db", "", "default", "resource:default/orders-db", true},
		{"", "group", "default", "", false},
		{"a/b/c", "group", "default", "", false},
	} {
		r, ok := ParseRef(tc.in, tc.kind, tc.ns)
		if ok != tc.ok || (ok && r.String() != tc.want) {
			t.Errorf("ParseRef(%q, %q, %q) = %v, %v; want %q, %v", tc.in, tc.kind, tc.ns, r, ok, tc.want, tc.ok)
		}
	}
}

func TestRepositoryOf(t *testing.T) {
	for _, tc := range []struct {
		ann  map[string]string
		want string
	}{
		{map[string]string{"github.com/project-slug": "northwind/payments-api"}, "github.com/northwind/payments-api"},
		{map[string]string{"gitlab.com/project-slug": "northwind/sub/ledger"}, "gitlab.com/northwind/sub/ledger"},
		{map[string]string{"backstage.io/source-location": "url:https://github.com/northwind/infra/tree/main/"}, "github.com/northwind/infra"},
		{map[string]string{"backstage.io/managed-by-location": "url:https://GitHub.com/o/r/blob/main/catalog-info.yaml"}, "github.com/o/r"},
		{map[string]string{"backstage.io/source-location": "dir:."}, ""},
		{map[string]string{"github.com/project-slug": "${{ values.repo }}"}, ""},
	} {
		if got, _ := repositoryOf(tc.ann); got != tc.want {
			t.Errorf("repositoryOf(%v) = %q, want %q", tc.ann, got, tc.want)
		}
	}
}

func TestClaims(t *testing.T) {
	c := New()
	for _, tc := range []struct {
		p    string
		head string
		want bool
	}{
		{"a/catalog-info.yaml", "", true},
		{"a/groups.yaml", "# org\napiVersion: backstage.io/v1alpha1\nkind: Group\n", true},
		{"a/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\n", false},
		{"a/notes.txt", "apiVersion: backstage.io/v1alpha1\n", false},
	} {
		if got := c.Claims(tc.p, []byte(tc.head)); got != tc.want {
			t.Errorf("Claims(%q) = %v, want %v", tc.p, got, tc.want)
		}
	}
}

// FuzzParse: Parse and emit never panic, and every problem has a line.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	corpus, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "ownership", "backstage-catalog-examples", "*.yaml"))
	for _, p := range append(seeds, corpus...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a, labels: {<<: &l {x: y}}}\nspec: {<<: &s {owner: &o team}, dependsOn: [*o]}\n"))
	f.Add([]byte("apiVersion: backstage.io/v1alpha1\nkind: Component\n" + mergeBomb() + "metadata: {name: b}\nspec: {<<: [*m9, *m9]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ents, probs := Parse(data)
		for _, p := range probs {
			if p.Line < 0 || p.Msg == "" {
				t.Fatalf("bad problem %#v", p)
			}
		}
		b := graph.NewBuilder()
		for _, e := range ents {
			if e.Kind != "location" {
				emit("f.yaml", e, b)
			}
		}
		b.Build()
	})
}
