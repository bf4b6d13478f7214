// Package ownership reads who owns what in an estate. Its first source is
// the owners file, convene-owners.yaml: the teams and people of an
// organisation, how to reach them, the functional roles they fill (security,
// IAM, platform, incident response, ...) and rules that make them owners of
// nodes by ID glob, kind, type or tag. docs/owners-file.md is the reference.
//
// The connector emits teams and people as owner nodes. It cannot see the
// nodes other connectors report, so it does not make owned_by edges itself:
// it records each rule on its owners' nodes (attribute "owner_rules") and
// internal/link applies the rules once every connector ran.
package ownership

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/scanpath"
)

// Name is the connector's name.
const Name = "owners-file"

// FileNames are the base names of owners files, wherever they are in a
// scanned tree.
var FileNames = []string{"convene-owners.yaml", "convene-owners.yml"}

// Connector reads convene owners files.
type Connector struct{}

// New returns the owners-file connector.
func New() *Connector { return &Connector{} }

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "owners files (convene-owners.yaml anywhere in the tree): teams, people, contacts, roles, and rules that assign owners by ID glob, kind, type or tag",
		"read access to the files"
}

// Claims takes files named convene-owners.yaml or convene-owners.yml.
func (*Connector) Claims(p string, head []byte) bool {
	base := path.Base(p)
	for _, n := range FileNames {
		if base == n {
			return true
		}
	}
	return false
}

// Discover reads every owners file. A file that cannot be read or has any
// error becomes diagnostics, one per problem with its line, and none of it
// is used; the other files still land. It returns an error only when ctx is
// done.
func (*Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	log := zerolog.Ctx(ctx)
	var parsed []*File
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			if u := errors.Unwrap(err); u != nil {
				err = u
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
				Message: fmt.Sprintf("cannot read owners file: %v; give convene read access or exclude it", err)})
			continue
		}
		f, err := Parse(p, data)
		if err != nil {
			diagnose(b, p, err, graph.Error, "; file skipped")
			continue
		}
		if len(f.Warnings) > 0 {
			diagnose(b, p, f.Warnings, graph.Warning, "")
		}
		f.Name = scanpath.Rel(ctx, p)
		log.Debug().Str("file", p).Int("teams", len(f.Teams)).Int("people", len(f.People)).
			Int("rules", len(f.Rules)).Msg("owners file read")
		parsed = append(parsed, f)
	}
	emit(parsed, b)
	return nil
}

func diagnose(b *graph.Builder, file string, err error, sev graph.Severity, suffix string) {
	var list ErrorList
	if !errors.As(err, &list) {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Severity: sev, Message: err.Error() + suffix})
		return
	}
	for _, e := range list {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: e.File, Line: e.Line, Severity: sev, Message: e.Msg + suffix})
	}
}
