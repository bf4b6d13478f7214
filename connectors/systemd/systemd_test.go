package systemd

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/goldenfile"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// golden compares got with the golden file out, or rewrites it under -update.
func golden(t *testing.T, out, got string) {
	t.Helper()
	goldenfile.Check(t, out, got)
}

func claimed(t *testing.T, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if New(nil).Claims(filepath.ToSlash(p), nil) {
			files = append(files, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// secrets are the fake secret values of the test trees and the corpus;
// none may reach the graph.
var secrets = []string{"fake-token-not-real", "fake-set-credential-value", "fake-flag-value", "fake-env-value", "changeme-not-real"}

// TestGolden scans host trees (the estate's batch-01, a test host, the
// corpus's units) and compares graph and diagnostics with
// testdata/<name>.out.
func TestGolden(t *testing.T) {
	cases := map[string]string{
		"estate": filepath.Join("..", "..", "testdata", "estate", "hosts", "batch-01"),
		"tree":   filepath.Join("testdata", "tree", "h2"),
	}
	corpus := filepath.Join("..", "..", "..", "shared", "corpus", "cron-and-systemd")
	if _, err := os.Stat(corpus); err == nil {
		cases["corpus"] = corpus
	} else {
		t.Logf("corpus not found at %s; its conformance case is skipped", corpus)
	}
	for name, root := range cases {
		t.Run(name, func(t *testing.T) {
			files := claimed(t, root)
			if len(files) == 0 {
				t.Fatalf("no units under %s", root)
			}
			b := graph.NewBuilder()
			if err := New(nil).Discover(context.Background(), files, b); err != nil {
				t.Fatal(err)
			}
			got := b.Build().String()
			for _, s := range secrets {
				if strings.Contains(got, s) {
					t.Errorf("secret value %q leaked into the graph", s)
				}
			}
			golden(t, filepath.Join("testdata", name+".out"), got)
		})
	}
}

func TestParse(t *testing.T) {
	u := Parse([]byte("[Service]\nA=1 \\\n  # c\n  2\n;x\nB = two\nA=\nA=3\nnoequals\n"))
	want := []Setting{{"Service", "A", "1 2", 2, ""}, {"Service", "B", "two", 6, ""}, {"Service", "A", "", 7, ""}, {"Service", "A", "3", 8, ""}}
	if diff := cmp.Diff(want, u.Settings); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	if got := u.Values("Service", "A"); len(got) != 1 || got[0].Value != "3" {
		t.Errorf("Values after reset = %v", got)
	}
	if len(u.Problems) != 1 || u.Problems[0].Line != 9 {
		t.Errorf("problems = %v", u.Problems)
	}
	if diff := cmp.Diff([]string{"A=1", "B=x y", `C="q"`}, words(`A=1 "B=x y" C=\"q\"`)); diff != "" {
		t.Errorf("words (-want +got):\n%s", diff)
	}
}

// FuzzParse feeds Parse arbitrary unit text, seeded with the test units
// and the estate's; it must not panic and every problem names a line.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/tree/h2/*/systemd/system/*")
	seeds = append(seeds, "../../testdata/estate/hosts/batch-01/etc/systemd/system/warehouse-export.service",
		"../../testdata/estate/hosts/batch-01/etc/systemd/system/warehouse-export.timer")
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		u := Parse(data)
		for _, p := range u.Problems {
			if p.Line < 1 || p.Msg == "" {
				t.Fatalf("problem without line: %+v", p)
			}
		}
		b := graph.NewBuilder()
		e := emitter{b: b, ref: unitRef{file: "x.service", onHost: "/x.service", unit: "/x.service"}}
		e.ref.host.Name = "h"
		e.read(data)
		b.Build()
	})
}

// read parses one unit file on its own and emits it.
func (e *emitter) read(data []byte) {
	u := Parse(data)
	u.SetFile(e.ref.file)
	e.emit(u)
}
