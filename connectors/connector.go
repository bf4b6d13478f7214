// Package connectors defines how convene discovers an estate: the Connector
// contract, the one registry of connectors, and the router that hands the
// files of a scanned tree to the connectors that read them.
//
// Connectors know nothing of each other, of the planner or of output
// formats. Each writes nodes, edges and diagnostics into a graph.Builder.
// Connector packages import graph, never this package, so that this package
// can list them all.
package connectors

import (
	"context"

	"github.com/convene-dev/convene/graph"
)

// Connector discovers one kind of source.
//
// Discover writes what it finds into b. files are the paths the router
// routed to it (nil for a connector that reads an API); they can be opened
// as given and are the paths to cite in evidence and diagnostics. A file the
// connector cannot read or parse is a diagnostic on b, not an error: Discover
// returns an error only when it could not run at all. Discover honours ctx
// and logs through zerolog.Ctx(ctx), never a secret value.
type Connector interface {
	Name() string
	// About says what the connector reads, and what it needs to do so:
	// network access, files, credentials and the permissions they must
	// grant.
	About() (reads, needs string)
	Discover(ctx context.Context, files []string, b *graph.Builder) error
}

// FileClaimer is implemented by connectors that read files met by a scan.
// Claims reports whether the connector reads the file at path (slash
// separated, as the scan names it) whose first bytes are head. head is nil
// when the file was not read, for example because it is too large: a claimer
// then answers from the path alone.
type FileClaimer interface {
	Claims(path string, head []byte) bool
}

// ExportReader is implemented by file connectors whose files are structured
// exports — graph files, IAM authorization details, CloudTrail — large by
// nature: the walk reads the files they claim up to scan.max_export_size
// rather than scan.max_file_size. ReadsExports returning false is the same
// as not implementing it.
type ExportReader interface {
	ReadsExports() bool
}

// Switchable is implemented by connectors that read an API only when
// configured (the live GitHub and GitLab organisations). A scan leaves out
// one that is off and was given no files, so the summary does not report
// it as having run.
type Switchable interface {
	Configured() bool
}
