// Package cron reads the cron tables of host trees (a copy of a machine's
// /etc and /var/spool/cron, met anywhere in a scan): /etc/crontab,
// /etc/cron.d/*, users' crontabs, the run-parts folders
// /etc/cron.{hourly,daily,weekly,monthly} and /etc/anacrontab. Each job
// becomes a cron-job workload on its host, with its schedule, its user and
// its command (secret values masked), and the credentials its command uses
// (Vault reads, AWS profiles and roles, sourced env files) as edges.
// docs/hosts.md is the reference.
package cron

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "cron"

// Connector reads cron files in host trees.
type Connector struct {
	hosts config.Hosts
}

// New returns the cron connector; cfg (nil for the defaults) names
// host trees without etc/hostname.
func New(cfg *config.Config) *Connector {
	if cfg == nil {
		return &Connector{}
	}
	return &Connector{hosts: cfg.Hosts}
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "cron tables in host trees: etc/crontab, etc/cron.d/*, var/spool/cron[/crontabs]/<user>, etc/cron.{hourly,daily,weekly,monthly}/* scripts, etc/anacrontab; env files they source",
		"read access to the files (a copy of the host's /etc and /var/spool/cron will do)"
}

// markers are the host-relative folders that locate a host tree's root.
var markers = []string{"etc/", "var/spool/cron/"}

// fileKind classifies a path on a host.
var (
	systemPath  = regexp.MustCompile(`^/etc/(crontab|cron\.d/[^/]+)$`)
	userPath    = regexp.MustCompile(`^/var/spool/cron/(?:crontabs/)?([^/]+)$`)
	runPartsDir = regexp.MustCompile(`^/etc/cron\.(hourly|daily|weekly|monthly)/([^/]+)$`)
	anacronPath = regexp.MustCompile(`^/etc/anacrontab$`)
)

// ignoredName are files cron and run-parts skip: hidden, backups, package
// manager leftovers.
var ignoredName = regexp.MustCompile(`(^\.|~$|\.(dpkg|rpm|ucf)[-a-z]*$|\.swp$|\.bak$)`)

// Claims takes cron files by their place in a host tree.
func (*Connector) Claims(p string, head []byte) bool {
	_, onHost, ok := shellcmd.Split(p, markers...)
	if !ok {
		return false
	}
	_, ok = classify(onHost)
	return ok
}

func locate(hs *shellcmd.Hosts, p string) (shellcmd.Host, string, bool) {
	return hs.Locate(p, markers...)
}

// source is how a file is read.
type source struct {
	kind    Kind
	user    string
	runPart string // hourly, daily, ... for a run-parts script
}

func classify(onHost string) (source, bool) {
	base := path.Base(onHost)
	switch {
	case systemPath.MatchString(onHost):
		return source{kind: System}, !ignoredName.MatchString(base) || onHost == "/etc/crontab"
	case anacronPath.MatchString(onHost):
		return source{kind: Anacron}, true
	case runPartsDir.MatchString(onHost):
		m := runPartsDir.FindStringSubmatch(onHost)
		return source{runPart: m[1]}, !ignoredName.MatchString(base)
	case userPath.MatchString(onHost):
		m := userPath.FindStringSubmatch(onHost)
		if m[1] == "crontabs" || ignoredName.MatchString(m[1]) {
			return source{}, false
		}
		return source{kind: User, user: m[1]}, true
	}
	return source{}, false
}

// Discover reads every cron file routed to it. A file that cannot be read
// or a line that cannot be parsed is a diagnostic; it returns an error
// only when ctx is done.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	hs := shellcmd.Hosts{Configured: c.hosts.NameFor}
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		host, onHost, ok := locate(&hs, p)
		src, ok2 := classify(onHost)
		if !ok || !ok2 {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Warning,
				Message: "not in a host tree's cron folders (etc/crontab, etc/cron.d/, var/spool/cron/); file skipped"})
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			if u := errors.Unwrap(err); u != nil {
				err = u
			}
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
				Message: fmt.Sprintf("cannot read cron file: %v; give convene read access or exclude it", err)})
			continue
		}
		e := emitter{b: b, host: host, file: p, onHost: onHost}
		e.read(data, src)
	}
	return nil
}

// read emits one file's jobs and diagnostics.
func (e *emitter) read(data []byte, src source) {
	if src.runPart != "" {
		e.script(data, src.runPart)
		return
	}
	f := Parse(data, src.kind, src.user)
	for _, pr := range f.Problems {
		e.b.Diagnose(graph.Diagnostic{Connector: Name, File: e.file, Line: pr.Line, Severity: pr.Severity, Message: pr.Msg})
	}
	masked := make([]string, len(f.Entries))
	facts := make([][]shellcmd.Fact, len(f.Entries))
	for i, en := range f.Entries {
		masked[i], facts[i] = shellcmd.ScanMasked(en.Command)
	}
	keys := jobKeys(f.Entries, masked, src.kind)
	for i, en := range f.Entries {
		e.entry(en, keys[i], masked[i], facts[i])
	}
	if templated.Match(data) {
		e.b.Diagnose(graph.Diagnostic{Connector: Name, File: e.file, Severity: graph.Warning,
			Message: "file holds autoconf placeholders (@NAME@); they are reported unresolved, not guessed; scan the installed file instead"})
	}
}

// templated matches an autoconf @NAME@ placeholder.
var templated = regexp.MustCompile(`@[A-Z][A-Z0-9_]*@`)
