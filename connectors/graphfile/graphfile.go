// Package graphfile reads convene graph files met in a scan, so that partial
// scans made elsewhere (a host's crontabs, one account, one Vault) combine
// into one graph.
package graphfile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Name is the connector's name.
const Name = "graph-file"

// Connector merges convene graph files into the graph being built.
type Connector struct{}

// New returns the graph-file connector.
func New() *Connector { return &Connector{} }

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "convene graph files (*.json written by `convene scan --out`), merged as partial scans",
		"read access to the files"
}

// ReadsExports marks the files it reads as structured exports, which a
// scan reads up to scan.max_export_size.
func (*Connector) ReadsExports() bool { return true }

// Claims takes JSON files whose first bytes carry the graph format marker.
func (*Connector) Claims(path string, head []byte) bool {
	return strings.HasSuffix(path, ".json") && graph.LooksLikeGraphFile(head)
}

// Discover merges every node, edge and diagnostic of each file. A file that
// cannot be read or is not a graph file this convene understands becomes a
// diagnostic.
func (*Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: path, Severity: graph.Error,
				Message: fmt.Sprintf("cannot read graph file: %v", err)})
			continue
		}
		g, err := graph.DecodeJSON(data)
		if err != nil {
			d := graph.Diagnostic{Connector: Name, File: path, Severity: graph.Error,
				Message: err.Error() + "; file skipped"}
			var fe *graph.FormatError
			if errors.As(err, &fe) {
				d.Line, d.Message = fe.Line, fe.Msg+"; file skipped"
			}
			b.Diagnose(d)
			continue
		}
		b.AddGraph(g)
	}
	return nil
}
