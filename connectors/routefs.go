package connectors

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
)

// FSDiscoverer is a file connector that can also read files fetched from a
// platform's API, from an in-memory tree, rather than from the local disk.
type FSDiscoverer interface {
	DiscoverFS(ctx context.Context, fsys srcfs.FS, files []string, b *graph.Builder) error
}

// FSRoute hands fetched files to file connectors.
type FSRoute func(ctx context.Context, files srcfs.Map, b *graph.Builder) error

// RouteFS returns the route a live source connector (github, gitlab) hands
// the files it fetched to: each file goes to the given connectors that
// claim it, as a scan routes files met on disk, and they read it from
// memory. The connectors are passed in, so that a live connector never
// imports a file connector.
func RouteFS(conns ...Connector) FSRoute {
	return func(ctx context.Context, files srcfs.Map, b *graph.Builder) error {
		var errs []error
		for _, c := range conns {
			fc, claims := c.(FileClaimer)
			fd, reads := c.(FSDiscoverer)
			if !claims || !reads {
				continue
			}
			var mine []string
			for _, p := range files.Paths() {
				head := files[p]
				if len(head) > headSize {
					head = head[:headSize]
				}
				if bytes.IndexByte(head, 0) < 0 && fc.Claims(p, head) {
					mine = append(mine, p)
				}
			}
			if len(mine) == 0 {
				continue
			}
			if err := fd.DiscoverFS(ctx, files, mine, b); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", c.Name(), err))
			}
		}
		return errors.Join(errs...)
	}
}
