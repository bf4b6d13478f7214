package awsprofile

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// TestGolden scans the estate's batch-01 and a test host and compares with
// testdata/<name>.out; no secret value may reach the graph.
func TestGolden(t *testing.T) {
	for name, root := range map[string]string{
		"estate": filepath.Join("..", "..", "testdata", "estate", "hosts", "batch-01"),
		"tree":   filepath.Join("testdata", "tree", "h3"),
	} {
		t.Run(name, func(t *testing.T) {
			var files []string
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && New(nil).Claims(filepath.ToSlash(p), nil) {
					files = append(files, filepath.ToSlash(p))
				}
				return err
			})
			if err != nil || len(files) == 0 {
				t.Fatalf("no AWS files under %s: %v", root, err)
			}
			b := graph.NewBuilder()
			if err := New(nil).Discover(context.Background(), files, b); err != nil {
				t.Fatal(err)
			}
			got := b.Build().String()
			for _, s := range []string{"fake-secret-not-real", "fake-alice-secret-not-real", "fake-process-token"} {
				if strings.Contains(got, s) {
					t.Errorf("secret %q leaked", s)
				}
			}
			out := filepath.Join("testdata", name+".out")
			goldenfile.Check(t, out, got)
		})
	}
}

func TestParse(t *testing.T) {
	ps, probs := Parse([]byte("[svc]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n[profile p]\nregion=eu\n"), true)
	want := []Profile{
		{Name: "svc", Line: 1, Settings: map[string]string{"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE"}, Lines: map[string]int{"aws_access_key_id": 2}, HasSecret: true},
		{Name: "p", Line: 4, Settings: map[string]string{"region": "eu"}, Lines: map[string]int{"region": 5}},
	}
	if diff := cmp.Diff(want, ps); diff != "" || len(probs) != 0 {
		t.Errorf("Parse (-want +got):\n%s\nproblems %v", diff, probs)
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/tree/h3/home/alice/.aws/config", "testdata/tree/h3/home/alice/.aws/credentials",
		"../../testdata/estate/hosts/batch-01/root/.aws/config"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, cred := range []bool{false, true} {
			ps, probs := Parse(data, cred)
			for _, p := range probs {
				if p.Line < 1 {
					t.Fatalf("problem without line: %+v", p)
				}
			}
			for _, p := range ps {
				for k := range p.Settings {
					if secretKeys[k] {
						t.Fatalf("secret key %q kept", k)
					}
				}
			}
		}
	})
}
