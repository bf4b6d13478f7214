// Package backstage reads Backstage software catalog files
// (catalog-info.yaml, and any YAML file whose entities declare
// apiVersion: backstage.io/...) as a source of owners, systems and service
// dependencies.
//
// Components and Resources become workloads, Groups and Users owners,
// Systems and Domains locations; spec.owner becomes owned_by, spec.system
// part_of, spec.dependsOn depends_on. An entity whose annotations name its
// repository (github.com/project-slug, gitlab.com/project-slug,
// backstage.io/source-location) carries it in the attribute "repository",
// so that internal/link can give the repository's workloads the entity's
// owners. docs/ownership.md describes the whole.
package backstage

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
)

// Name is the connector's name.
const Name = "backstage"

// Connector reads Backstage catalog files.
type Connector struct {
	fsys srcfs.FS // nil: the local disk
}

// New returns the backstage connector.
func New() *Connector { return &Connector{} }

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "Backstage catalog files (catalog-info.yaml, and YAML files of backstage.io/ entities): components, resources, systems, groups, users, owners and dependencies",
		"read access to the files"
}

// Claims takes catalog-info.yaml anywhere, and YAML files whose first
// bytes declare a backstage.io/ entity.
func (*Connector) Claims(p string, head []byte) bool {
	base := path.Base(p)
	if base == "catalog-info.yaml" || base == "catalog-info.yml" {
		return true
	}
	if !strings.HasSuffix(base, ".yaml") && !strings.HasSuffix(base, ".yml") {
		return false
	}
	return head != nil && apiVersion.Match(head)
}

// Discover reads every file; a file it cannot read or parse is a
// diagnostic and the others go on.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	fsys := srcfs.Or(c.fsys)
	log := zerolog.Ctx(ctx)
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := fsys.ReadFile(p)
		if err != nil {
			if u := errors.Unwrap(err); u != nil {
				err = u
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
				Message: fmt.Sprintf("cannot read catalog file: %v; give convene read access or exclude it", err)})
			continue
		}
		ents, probs := Parse(data)
		for _, pr := range probs {
			sev := graph.Warning
			if pr.Err {
				sev = graph.Error
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Line: pr.Line, Severity: sev, Message: pr.Msg})
		}
		for _, e := range ents {
			emitFS(fsys, p, e, b)
		}
		log.Debug().Str("file", p).Int("entities", len(ents)).Msg("catalog file read")
	}
	return nil
}

// DiscoverFS is Discover over files read from fsys rather than the local
// disk: files a live connector fetched and named by virtual paths.
func (*Connector) DiscoverFS(ctx context.Context, fsys srcfs.FS, files []string, b *graph.Builder) error {
	return (&Connector{fsys: fsys}).Discover(ctx, files, b)
}

// checkTargets reports the relative targets of a Location that are not in
// the tree: their entities will be missing.
func checkTargets(fsys srcfs.FS, file string, e *Entity, b *graph.Builder) {
	targets, lines := e.strs(e.raw(e.Spec, "targets"))
	if t := e.raw(e.Spec, "target"); t != nil {
		v, l := e.strs(t)
		targets, lines = append(targets, v...), append(lines, l...)
	}
	typ := scalar(e.get(e.Spec, "type"))
	for i, t := range targets {
		if strings.Contains(t, "://") || (typ != "" && typ != "file") || strings.Contains(t, "${{") {
			continue // a URL: Backstage fetches it, convene does not
		}
		target := filepath.Join(filepath.Dir(file), filepath.FromSlash(t))
		if strings.ContainsAny(t, "*?") {
			if m, _ := fsys.Glob(target); len(m) > 0 {
				continue
			}
		} else if _, err := fsys.Stat(target); err == nil {
			continue
		}
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: lines[i], Severity: graph.Warning,
			Message: fmt.Sprintf("location %s names target %q, which is not in the scanned tree; its entities are missing from the graph: scan the folder that holds it", e.Ref(), t)})
	}
}
