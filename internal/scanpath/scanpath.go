// Package scanpath names scanned files the same way wherever the scanned
// tree lies: relative to the root the scan was given. Evidence keeps the
// path as the scan named it (to open the file); attributes, which drift
// compares, hold the relative name, so the same tree scanned from another
// folder (a CI runner's workspace, a second checkout) gives the same graph.
package scanpath

import (
	"context"
	"path"
	"path/filepath"
	"strings"
)

type rootsKey struct{}

// WithRoots returns a context that carries the paths a scan was given.
func WithRoots(ctx context.Context, roots []string) context.Context {
	clean := make([]string, 0, len(roots))
	for _, r := range roots {
		clean = append(clean, path.Clean(filepath.ToSlash(r)))
	}
	return context.WithValue(ctx, rootsKey{}, clean)
}

// Rel returns p, a file as the scan names it, relative to the longest scan
// root holding it, slash-separated. A root that is the file itself gives
// the file's base name. A file under no root keeps its name when it is
// relative and inside the working folder, and is reduced to its base name
// otherwise, so that no path of the scanning machine is returned.
func Rel(ctx context.Context, p string) string {
	p = path.Clean(filepath.ToSlash(p))
	roots, _ := ctx.Value(rootsKey{}).([]string)
	best := ""
	found := false
	for _, r := range roots {
		var rel string
		switch {
		case r == p:
			rel = path.Base(p)
		case r == ".":
			if path.IsAbs(p) || strings.HasPrefix(p, "../") {
				continue
			}
			rel = p
		case r == "/":
			rel = strings.TrimPrefix(p, "/")
		case strings.HasPrefix(p, r+"/"):
			rel = p[len(r)+1:]
		default:
			continue
		}
		if !found || len(rel) < len(best) {
			best, found = rel, true
		}
	}
	if found {
		return best
	}
	if path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		return path.Base(p)
	}
	return p
}
