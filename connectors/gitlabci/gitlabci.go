// Package gitlabci reads GitLab CI pipelines (.gitlab-ci.yml and the local
// files it includes) and maps what each job depends on: the CI/CD variables
// that hold credentials, the Vault secrets and other secret-manager entries
// it reads through secrets:, the OIDC subject its id_tokens carry, the Vault
// role it logs in as, its environment and whether it runs on a schedule.
// docs/gitlab-ci.md is the reference.
package gitlabci

import (
	"context"
	"os"
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
const Name = "gitlab-ci"

// Connector reads GitLab CI pipeline files.
type Connector struct {
	fsys srcfs.FS // nil: the local disk
}

// New returns the GitLab CI connector.
func New() *Connector { return &Connector{} }

// DiscoverFS is Discover over files read from fsys rather than the local
// disk: files a live connector fetched and named by virtual paths.
func (*Connector) DiscoverFS(ctx context.Context, fsys srcfs.FS, files []string, b *graph.Builder) error {
	return (&Connector{fsys: fsys}).Discover(ctx, files, b)
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "GitLab CI pipelines (.gitlab-ci.yml and its local includes): CI/CD variables holding credentials, secrets: (Vault, AWS, GCP, Azure), id_tokens and OIDC subjects, environments, scheduled jobs",
		"read access to the repository checkouts"
}

// Claims takes .gitlab-ci.yml (or .yaml) and files named *.gitlab-ci.yml,
// the spelling GitLab suggests for a custom CI configuration path. Files
// they include are read through them, not on their own: on its own an
// include is not a pipeline; Discover drops claimed files another
// pipeline includes (see pipelines).
func (*Connector) Claims(p string, head []byte) bool {
	base := path.Base(p)
	return base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml" ||
		strings.HasSuffix(base, ".gitlab-ci.yml") || strings.HasSuffix(base, ".gitlab-ci.yaml")
}

// Discover reads every pipeline file, in parallel and bounded by the number
// of CPUs. A file another scanned pipeline of its repository includes is
// read only through that pipeline; see pipelines. A file that cannot be
// parsed is a diagnostic; the others land.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	fsys := srcfs.Or(c.fsys)
	ls := make([]*loaded, len(files))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			f = filepath.ToSlash(f)
			rp := repo.Identify(Root(f))
			ls[i] = &loaded{file: f, repo: rp, p: loadFS(fsys, f, rp.Root)}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, l := range pipelines(ls) {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			l.emit(b)
			return nil
		})
	}
	return g.Wait()
}

// DiscoverFile reads one pipeline file into b. rp names its repository when
// the caller knows it; nil works it out from the file's place (the folder
// holding the pipeline file is the repository root, as GitLab requires).
func DiscoverFile(file string, b *graph.Builder, rp *repo.Repo) {
	file = filepath.ToSlash(file)
	if rp == nil {
		r := repo.Identify(Root(file))
		rp = &r
	}
	(&loaded{file: file, repo: *rp, p: load(file, rp.Root)}).emit(b)
}

// loaded is a claimed file read with its includes, before it is emitted.
type loaded struct {
	file string
	repo repo.Repo
	p    *pipeline
	// skip, when set, is why the file is not a pipeline of its own: a
	// diagnostic to report instead of its jobs, or "" to stay silent.
	skip *diag
}

// emit writes the pipeline's nodes and edges, then its diagnostics.
func (l *loaded) emit(b *graph.Builder) {
	if l.skip != nil {
		if l.skip.msg != "" {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: l.skip.file, Line: l.skip.line, Severity: l.skip.sev, Message: l.skip.msg})
		}
		return
	}
	p := l.p
	if p.main != nil {
		(&emitter{b: b, repo: l.repo, file: l.file}).emit(p)
	}
	// Reading jobs (extends:, !reference) finds problems too: report last.
	for _, d := range p.diags {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: d.file, Line: d.line, Severity: d.sev, Message: d.msg})
	}
}

// Root is the checkout a pipeline file belongs to. GitLab reads
// .gitlab-ci.yml from the repository's root, so the folder holding it is
// the checkout (the folder holding .gitlab/ for a file under it, as
// repo.RootOf has it), even when a .git further up belongs to an enclosing
// repository (a monorepo of fixtures, the sample estate inside convene's
// own checkout), where repo.RootOf would climb to. A *.gitlab-ci.yml
// elsewhere (a custom CI configuration path, ci/release.gitlab-ci.yml)
// belongs to the nearest folder at most four levels up that holds .git or
// is laid out as <host>/<owner>/<name>, else to its own folder.
func Root(file string) string {
	file = filepath.ToSlash(file)
	if i := strings.LastIndex(file, "/.gitlab/"); i >= 0 {
		return filepath.FromSlash(file[:i])
	}
	if strings.HasPrefix(file, ".gitlab/") {
		return "."
	}
	dir := path.Dir(file)
	if isMain(file) {
		return filepath.FromSlash(dir)
	}
	for d, n := dir, 0; n < 4; n++ {
		if _, err := os.Stat(filepath.Join(filepath.FromSlash(d), ".git")); err == nil || repo.Layout(d) {
			return filepath.FromSlash(d)
		}
		parent := path.Dir(d)
		if parent == d || parent == "." || parent == "/" {
			break
		}
		d = parent
	}
	return filepath.FromSlash(dir)
}

// isMain reports whether file is named as GitLab's default pipeline path.
func isMain(file string) bool {
	base := path.Base(file)
	return base == ".gitlab-ci.yml" || base == ".gitlab-ci.yaml"
}
