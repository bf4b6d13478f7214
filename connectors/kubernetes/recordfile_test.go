package kubernetes

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/internal/scanpath"
)

// TestRecordFile checks how inline-secret records name a manifest:
// relative to its repository when the scan holds it, else relative to the
// scanned root, and never by a path of the scanning machine.
func TestRecordFile(t *testing.T) {
	dir := t.TempDir()
	mk := func(parts ...string) string {
		p := filepath.Join(append([]string{dir}, parts...)...)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mk("scan", "repo", ".git", "HEAD")
	mk("outer", ".git", "HEAD")
	for name, tc := range map[string]struct {
		root, file, want string
	}{
		"in a repository under the scanned root": {filepath.Join(dir, "scan"), mk("scan", "repo", "k8s", "a.yaml"), "k8s/a.yaml"},
		"in no repository":                       {filepath.Join(dir, "scan"), mk("scan", "plain", "k8s", "b.yaml"), "plain/k8s/b.yaml"},
		"scanned folder inside a checkout":       {filepath.Join(dir, "outer", "estate"), mk("outer", "estate", "k8s", "c.yaml"), "k8s/c.yaml"},
		"laid out as host/owner/name":            {filepath.Join(dir, "scan"), mk("scan", "github.com", "o", "r", "deploy", "d.yaml"), "deploy/d.yaml"},
	} {
		t.Run(name, func(t *testing.T) {
			ctx := scanpath.WithRoots(context.Background(), []string{tc.root})
			if got := recordFile(ctx, tc.file); got != tc.want {
				t.Errorf("recordFile(%s) = %q, want %q", tc.file, got, tc.want)
			}
		})
	}
}
