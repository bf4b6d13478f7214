// Package jenkins reads Jenkinsfiles, declarative and scripted, and maps
// what each pipeline depends on: the Jenkins credentials it binds
// (withCredentials, credentials(), sshagent, withAWS, git and checkout,
// docker.withRegistry), the IAM roles it assumes, the Vault secrets it reads
// through withVault, and the timetable it runs on. It reads the Groovy text
// with a tolerant tokenizer and parser of its own: Jenkins' own parser runs
// Groovy, which convene must not. docs/jenkins.md is the reference.
package jenkins

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// Name is the connector's name.
const Name = "jenkins"

// maxFileSize bounds the Jenkinsfiles read; larger ones are a diagnostic.
const maxFileSize = 4 << 20

// Connector reads Jenkinsfiles.
type Connector struct{}

// New returns the Jenkins connector.
func New() *Connector { return &Connector{} }

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "Jenkinsfiles (Jenkinsfile, Jenkinsfile.*, Jenkinsfile_*, Jenkinsfile-*, *.jenkinsfile, Jenkinsfile.d/*): credentials bound by id, withAWS roles, withVault secrets, cron and pollSCM triggers",
		"read access to the repository checkouts"
}

// Claims takes Jenkinsfile, Jenkinsfile<sep><suffix> with sep one of . _ -
// (Jenkinsfile.release, Jenkinsfile_k8s, Jenkinsfile-nightly), *.jenkinsfile
// and every file under a Jenkinsfile.d folder — unless the name ends in an
// extension that marks something else: an IDE descriptor (.gdsl), docs,
// data, images, other languages, editor and merge leftovers.
func (*Connector) Claims(p string, head []byte) bool {
	base := path.Base(p)
	if notPipeline[strings.ToLower(strings.TrimPrefix(path.Ext(base), "."))] || strings.HasSuffix(base, "~") {
		return false
	}
	if rest, ok := strings.CutPrefix(base, "Jenkinsfile"); ok && (rest == "" || strings.ContainsAny(rest[:1], "._-")) {
		return true
	}
	return strings.HasSuffix(strings.ToLower(base), ".jenkinsfile") ||
		strings.HasPrefix(p, "Jenkinsfile.d/") || strings.Contains(p, "/Jenkinsfile.d/")
}

// notPipeline are file extensions that are never a Jenkinsfile, though the
// name starts like one.
var notPipeline = map[string]bool{
	"gdsl": true, "md": true, "txt": true, "adoc": true, "rst": true, "html": true,
	"orig": true, "bak": true, "rej": true, "swp": true, "tmp": true, "old": true,
	"png": true, "jpg": true, "jpeg": true, "gif": true, "svg": true,
	"json": true, "yml": true, "yaml": true, "xml": true, "properties": true, "toml": true, "ini": true,
	"sh": true, "py": true, "go": true, "java": true, "kt": true, "js": true, "ts": true, "rb": true,
	"template": true, "tpl": true, "example": true, "sample": true, "disabled": true,
}

// Discover reads every Jenkinsfile, in parallel and bounded by the number
// of CPUs.
func (*Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, f := range files {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			DiscoverFile(f, b, nil)
			return nil
		})
	}
	return g.Wait()
}

// DiscoverFile reads one Jenkinsfile into b. rp names its repository when
// the caller knows it; nil works it out from the file's place.
func DiscoverFile(file string, b *graph.Builder, rp *repo.Repo) {
	file = filepath.ToSlash(file)
	diag := func(line int, sev graph.Severity, msg string) {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: line, Severity: sev, Message: msg})
	}
	st, err := os.Stat(filepath.FromSlash(file))
	if err == nil && st.Size() > maxFileSize {
		diag(0, graph.Error, "Jenkinsfile larger than 4 MiB; skipped")
		return
	}
	data, err := os.ReadFile(filepath.FromSlash(file))
	if err != nil {
		diag(0, graph.Error, "cannot read Jenkinsfile: "+unwrap(err).Error()+"; give convene read access or exclude it")
		return
	}
	res := Parse(string(data))
	if res.Err != nil {
		diag(res.Err.Line, graph.Error, "cannot read the Jenkinsfile past here: "+res.Err.Msg+"; what came before is kept; fix the file (Jenkins would reject it too)")
	}
	for _, w := range res.r.warnings {
		diag(w.line, graph.Warning, w.msg)
	}
	if res.r.style == "" {
		diag(1, graph.Warning, "the Jenkinsfile is empty; no pipeline read")
		return
	}
	if rp == nil {
		r := repo.Identify(Root(file))
		rp = &r
	}
	(&emitter{b: b, repo: *rp, file: file}).emit(res.r)
}

func unwrap(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok || u.Unwrap() == nil {
			return err
		}
		err = u.Unwrap()
	}
}

// Root is the checkout a Jenkinsfile belongs to: the folder above a
// Jenkinsfile.d; else the nearest folder up to four levels above that holds
// .git or is laid out as <host>/<owner>/<name>; else the file's folder.
// It does not climb further, so that a .git of an enclosing repository (a
// monorepo of fixtures, the sample estate in convene's own checkout) does
// not claim the file.
func Root(file string) string {
	file = filepath.ToSlash(file)
	dir := path.Dir(file)
	if i := strings.LastIndex(file, "/Jenkinsfile.d/"); i >= 0 {
		dir = file[:i]
	} else if strings.HasPrefix(file, "Jenkinsfile.d/") {
		dir = "."
	}
	for d, n := dir, 0; n < 4; n++ {
		if _, err := os.Stat(filepath.Join(filepath.FromSlash(d), ".git")); err == nil {
			return filepath.FromSlash(d)
		}
		if repo.Layout(d) {
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
