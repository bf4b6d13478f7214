package kubernetes

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/internal/scanpath"
)

// recordFile is how inline-secret records name a manifest: relative to
// its repository when it lies in one (a folder holding .git, .github or
// .gitlab, or laid out as <host>/<owner>/<name>), as the CI connectors name
// their files, else relative to the scanned root, as scanpath names it. Of
// the two, the shorter wins: a checkout that holds the scanned folder (a
// sample estate kept inside another repository) is not the manifest's
// repository as far as the scan knows. Either way the same tree scanned
// from another folder records the same file, and no path of the scanning
// machine is kept.
func recordFile(ctx context.Context, file string) string {
	if file == "" {
		return ""
	}
	scanned := scanpath.Rel(ctx, file)
	if root, ok := repoRoot(file); ok {
		rel, err := filepath.Rel(root, file)
		rel = filepath.ToSlash(rel)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, "../") && len(rel) < len(scanned) {
			return rel
		}
	}
	return scanned
}

// repoRoot is the checkout file lies in, when one is known: repo.RootOf
// falls back to the file's own folder, which is a checkout only when it
// holds .git or is laid out as one.
func repoRoot(file string) (string, bool) {
	root := repo.RootOf(file)
	if root != filepath.Dir(filepath.Clean(file)) {
		return root, true
	}
	if _, err := os.Stat(filepath.Join(root, ".git")); err == nil {
		return root, true
	}
	return root, repo.Layout(root)
}
