// Package githubactions reads GitHub Actions workflows
// (.github/workflows/*.yml) and the local composite actions they use, and
// maps what each job depends on: the repository secrets it reads, the OIDC
// subjects it can present, the cloud roles it assumes, the Vault roles it
// logs in as and the Vault secrets it fetches, and the schedule it runs
// on. docs/github-actions.md is the reference.
package githubactions

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/connectors/internal/srcfs"
	"github.com/convene-dev/convene/graph"
)

// Name is the connector's name.
const Name = "github-actions"

// Connector reads GitHub Actions workflow files.
type Connector struct {
	fsys srcfs.FS // nil: the local disk
}

// New returns the GitHub Actions connector.
func New() *Connector { return &Connector{} }

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "GitHub Actions workflows (.github/workflows/*.yml) and local actions (action.yml): secrets, OIDC, AWS/GCP/Azure logins, Vault, schedules",
		"read access to the repository checkouts"
}

// Claims takes workflow files directly under a .github/workflows folder, and
// action.yml files of local actions (under .github/ or any composite one).
func (*Connector) Claims(p string, head []byte) bool {
	base := path.Base(p)
	ext := path.Ext(base)
	if ext != ".yml" && ext != ".yaml" {
		return false
	}
	dir := path.Dir(p)
	if dir == ".github/workflows" || strings.HasSuffix(dir, "/.github/workflows") {
		return true
	}
	if base != "action.yml" && base != "action.yaml" {
		return false
	}
	return strings.HasPrefix(p, ".github/") || strings.Contains(p, "/.github/") ||
		(head != nil && strings.Contains(string(head), "composite"))
}

// Discover reads every workflow file, in parallel and bounded by the
// number of CPUs. Action files are read when a workflow uses them; on their
// own they only get checked for syntax.
func (cn *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	c := newCache()
	c.fsys = srcfs.Or(cn.fsys)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, f := range files {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			discoverFile(c, f, b, nil)
			return nil
		})
	}
	return g.Wait()
}

// DiscoverFS is Discover over files read from fsys rather than the local
// disk: files a live connector fetched and named by virtual paths.
func (*Connector) DiscoverFS(ctx context.Context, fsys srcfs.FS, files []string, b *graph.Builder) error {
	return (&Connector{fsys: fsys}).Discover(ctx, files, b)
}

// isAction reports whether file is an action definition rather than a
// workflow.
func isAction(file string) bool {
	base := path.Base(file)
	return base == "action.yml" || base == "action.yaml"
}

// discoverFile reads one file into b. rp names its repository when the
// caller knows it (tests of flattened corpus files); nil works it out.
func discoverFile(c *cache, file string, b *graph.Builder, rp *repo.Repo) {
	file = filepath.ToSlash(file)
	diag := func(line int, sev graph.Severity, msg string) {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: line, Severity: sev, Message: msg})
	}
	if isAction(file) {
		a, err := c.action(path.Dir(file))
		if err != nil {
			reportErr(diag, "action", err)
			return
		}
		for _, w := range a.warnings {
			diag(w.line, graph.Warning, w.msg)
		}
		return
	}
	wf, err := c.workflow(file)
	if err != nil {
		reportErr(diag, "workflow", err)
		return
	}
	for _, w := range wf.warnings {
		diag(w.line, graph.Warning, w.msg)
	}
	if rp == nil {
		id := identify(file)
		rp = &id
	}
	r := &resolver{cache: c, root: rp.Root, slug: rp.Slug(), warn: func(w warning) {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: w.file, Line: w.line, Severity: graph.Warning, Message: w.msg})
	}}
	(&emitter{b: b, repo: *rp, file: file}).emit(wf, r)
}

func reportErr(diag func(int, graph.Severity, string), what string, err error) {
	var pe *ParseError
	if errors.As(err, &pe) {
		msg := pe.Msg
		if pe.Column > 0 {
			msg = fmt.Sprintf("column %d: %s", pe.Column, msg)
		}
		diag(pe.Line, graph.Error, fmt.Sprintf("invalid %s YAML: %s; fix the file (GitHub would reject it too); file skipped", what, msg))
		return
	}
	diag(0, graph.Error, fmt.Sprintf("cannot read %s: %v; file skipped", what, err))
}

// identify finds the repository a workflow belongs to. The folder holding
// .github is the checkout when the file lies under one: a .git further up
// belongs to an enclosing repository (a monorepo of fixtures, the sample
// estate inside convene's own checkout), not to this workflow.
func identify(file string) repo.Repo {
	if i := strings.LastIndex(file, "/.github/"); i >= 0 {
		return repo.Identify(filepath.FromSlash(file[:i]))
	}
	if strings.HasPrefix(file, ".github/") {
		// Scanned from inside the checkout: name it by its absolute path,
		// so that a checkout without a remote is not called ".".
		abs, err := filepath.Abs(".")
		if err != nil {
			abs = "."
		}
		r := repo.Identify(abs)
		r.Root = "."
		return r
	}
	return repo.Identify(repo.RootOf(file))
}
