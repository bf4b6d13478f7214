package export

import (
	"io"

	"github.com/convene-dev/convene/graph"
)

// JSON writes g in the convene graph file format (docs/graph-format.md), the
// stable machine format that `scan --out` writes and `--graph` reads back.
func JSON(w io.Writer, g *graph.Graph) error {
	return g.WriteJSON(w)
}
