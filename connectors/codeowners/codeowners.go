// Package codeowners reads CODEOWNERS files, GitHub's and GitLab's, as a
// source of owners for repositories and what they hold.
//
// A connector cannot see the nodes other connectors report, so this one
// does not decide who owns a workflow. It emits the repository node with
// its rules (attribute "codeowners_rules"), an owner node for every owner
// the rules name, and owned_by edges from the repository to the owners of
// its catch-all rule; internal/link applies the rules to the workflows and
// jobs of the repository once every connector ran. docs/ownership.md
// describes the whole.
package codeowners

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rs/zerolog"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
)

// Name is the connector's name.
const Name = "codeowners"

// Where each dialect looks for the file, in its order: only the first found
// is used.
var (
	githubOrder = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}
	gitlabOrder = []string{"CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}
)

// Connector reads CODEOWNERS files.
type Connector struct {
	fsys srcfs.FS // nil: the local disk
}

// New returns the codeowners connector.
func New() *Connector { return &Connector{} }

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "CODEOWNERS files (.github/, root, docs/; GitLab sections too): owners of repositories, workflows and jobs",
		"read access to the files"
}

// Claims takes files named CODEOWNERS.
func (*Connector) Claims(p string, head []byte) bool {
	return filepath.Base(filepath.FromSlash(p)) == "CODEOWNERS"
}

// found is a CODEOWNERS file met in a repository.
type found struct {
	path string // as the scan named it
	rel  string // relative to the repository root, slash-separated
}

// Discover groups the files by repository, reads the one the host would
// use and reports the others.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	log := zerolog.Ctx(ctx)
	byRepo := map[string][]found{}
	repos := map[string]repo.Repo{}
	for _, p := range files {
		root := rootOf(p)
		r := repo.Identify(root)
		rel, err := filepath.Rel(root, p)
		if err != nil {
			rel = filepath.Base(p)
		}
		byRepo[r.ID()] = append(byRepo[r.ID()], found{path: p, rel: filepath.ToSlash(rel)})
		repos[r.ID()] = r
	}
	for _, id := range slices.Sorted(maps.Keys(byRepo)) {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := repos[id]
		d := dialectOf(r, byRepo[id])
		use, ignored := choose(byRepo[id], d)
		for _, f := range ignored {
			msg := fmt.Sprintf("not used: %s reads only the first of %s, and %s is there", d, strings.Join(order(d), ", "), use.rel)
			if use.path == "" {
				msg = fmt.Sprintf("not used: %s reads CODEOWNERS only from %s", d, strings.Join(order(d), ", "))
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: f.path, Severity: graph.Warning, Message: msg + "; merge it into the file in use or remove it"})
		}
		if use.path == "" {
			continue
		}
		data, err := srcfs.Or(c.fsys).ReadFile(use.path)
		if err != nil {
			if u := errors.Unwrap(err); u != nil {
				err = u
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: use.path, Severity: graph.Error,
				Message: fmt.Sprintf("cannot read CODEOWNERS: %v; give convene read access or exclude it", err)})
			continue
		}
		f := Parse(use.path, data, d)
		f.InRepo = use.rel
		log.Debug().Str("file", use.path).Str("repo", id).Int("rules", len(f.Rules)).Msg("codeowners read")
		Emit(f, r.ID(), b)
	}
	return nil
}

// DiscoverFS is Discover over files read from fsys rather than the local
// disk: files a live connector fetched and named by virtual paths.
func (*Connector) DiscoverFS(ctx context.Context, fsys srcfs.FS, files []string, b *graph.Builder) error {
	return (&Connector{fsys: fsys}).Discover(ctx, files, b)
}

// rootOf is the repository root of a CODEOWNERS file. repo.RootOf finds
// the nearest .git; but a tree of checkouts laid out as <host>/<owner>/<name>
// (a mirror, or the sample estate) may itself sit in a Git checkout, so
// when the folder the file's location implies is such a layout, it wins.
func rootOf(p string) string {
	dir := filepath.Dir(filepath.Clean(p))
	implied := dir
	switch filepath.Base(dir) {
	case ".github", ".gitlab", "docs":
		implied = filepath.Dir(dir)
	}
	if repo.Identify(implied).Source == "path" {
		return implied
	}
	root := repo.RootOf(p)
	if root == dir && filepath.Base(dir) == "docs" {
		return implied
	}
	return root
}

// dialectOf picks GitLab for repositories on a GitLab host or with a
// .gitlab/CODEOWNERS, GitHub otherwise.
func dialectOf(r repo.Repo, fs []found) Dialect {
	if strings.Contains(r.Host, "gitlab") {
		return GitLab
	}
	for _, f := range fs {
		if f.rel == ".gitlab/CODEOWNERS" {
			return GitLab
		}
	}
	return GitHub
}

func order(d Dialect) []string {
	if d == GitLab {
		return gitlabOrder
	}
	return githubOrder
}

// choose returns the file the host uses and the others.
func choose(fs []found, d Dialect) (use found, ignored []found) {
	best := len(order(d))
	for _, f := range fs {
		if i := slices.Index(order(d), f.rel); i >= 0 && i < best {
			best, use = i, f
		}
	}
	for _, f := range fs {
		if f != use {
			ignored = append(ignored, f)
		}
	}
	slices.SortFunc(ignored, func(a, b found) int { return cmp.Compare(a.path, b.path) })
	return use, ignored
}
