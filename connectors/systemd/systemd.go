// Package systemd reads systemd unit files in host trees: timers become
// systemd-timer workloads with their OnCalendar= schedules that trigger
// their services; services become systemd-service workloads with their
// user, commands (secret values masked) and the credentials they use:
// EnvironmentFile=, LoadCredential=, LoadCredentialEncrypted=,
// SetCredential= (fingerprint only), ImportCredential= and the Vault reads
// and AWS profiles of their ExecStart= lines. docs/hosts.md is the
// reference.
package systemd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "systemd"

// Connector reads systemd units.
type Connector struct {
	hosts config.Hosts
}

// New returns the systemd connector; cfg (nil for the defaults) names
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
	return "systemd .service and .timer units (etc/systemd/system, usr/lib/systemd/system, lib/systemd/system, and *.service/*.timer anywhere, .in templates and x.service.d/*.conf drop-ins); env files they load",
		"read access to the files (a copy of the host's /etc and /usr/lib/systemd will do)"
}

// unitFile matches the files read: units, autoconf templates of units,
// and drop-ins.
var unitFile = regexp.MustCompile(`(\.(service|timer)(\.in)?|\.(service|timer)\.d/[^/]+\.conf)$`)

// markers locate a host tree's root above a unit file.
var markers = []string{"etc/systemd/", "usr/lib/systemd/", "lib/systemd/", "run/systemd/", "etc/"}

// Claims takes unit files by name.
func (*Connector) Claims(p string, head []byte) bool { return unitFile.MatchString(p) }

// unitRef is a routed unit file on its host.
type unitRef struct {
	file   string
	host   shellcmd.Host
	onHost string
	// unit is the path on the host of the unit a drop-in extends, else
	// onHost.
	unit string
}

// locate places a file in its host tree; a unit outside any system
// folder is taken as the root of a host named after its folder.
func locate(hs *shellcmd.Hosts, p string) unitRef {
	r := unitRef{file: p}
	var ok bool
	r.host, r.onHost, ok = hs.Locate(p, markers...)
	if !ok {
		dir := path.Dir(p)
		if path.Base(dir) != "" && strings.HasSuffix(dir, ".d") {
			dir = path.Dir(dir)
		}
		marker := p
		if dir != "." {
			marker = strings.TrimPrefix(strings.TrimPrefix(p, dir), "/")
		}
		r.host, r.onHost, _ = hs.Locate(p, marker)
	}
	r.unit = r.onHost
	if d := path.Dir(r.onHost); strings.HasSuffix(d, ".service.d") || strings.HasSuffix(d, ".timer.d") {
		r.unit = strings.TrimSuffix(d, ".d")
	}
	return r
}

// Discover reads every unit routed to it, with the drop-ins that extend
// it applied in file-name order, as systemd applies them. A file that
// cannot be read or a line that cannot be parsed is a diagnostic; it
// returns an error only when ctx is done.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	hs := shellcmd.Hosts{Configured: c.hosts.NameFor}
	refs := make([]unitRef, 0, len(files))
	for _, p := range files {
		refs = append(refs, locate(&hs, p))
	}
	parsed := make(map[string]*Unit, len(refs))
	for _, r := range refs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if u := parseFile(b, r.file); u != nil {
			parsed[r.file] = u
		}
	}
	for _, g := range group(refs) {
		if err := ctx.Err(); err != nil {
			return err
		}
		merged := &Unit{}
		var from, dropIns []string
		for _, r := range g {
			if u := parsed[r.file]; u != nil {
				merged.Settings = append(merged.Settings, u.Settings...)
				from = append(from, r.file)
				if r.unit != r.onHost {
					dropIns = append(dropIns, r.onHost)
				}
			}
		}
		if len(from) == 0 {
			continue
		}
		e := emitter{b: b, ref: g[0], all: refs, files: from, dropIns: dropIns}
		e.emit(merged)
	}
	return nil
}

// parseFile reads and parses one unit file, reporting its problems.
func parseFile(b *graph.Builder, file string) *Unit {
	data, err := os.ReadFile(file)
	if err != nil {
		if u := errors.Unwrap(err); u != nil {
			err = u
		}
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Severity: graph.Error,
			Message: fmt.Sprintf("cannot read unit file: %v; give convene read access or exclude it", err)})
		return nil
	}
	u := Parse(data)
	u.SetFile(file)
	for _, p := range u.Problems {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Line: p.Line, Severity: graph.Warning, Message: p.Msg})
	}
	if templated.Match(data) {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: file, Severity: graph.Warning,
			Message: "unit is an autoconf template (@NAME@ placeholders); they are reported unresolved, not guessed; scan the installed unit instead"})
	}
	return u
}

// group puts each unit file first in a group followed by the drop-ins
// that extend it: those of the same unit name on the same host, in
// file-name order. A drop-in whose unit was not scanned heads a group of
// its own under the unit's path.
func group(refs []unitRef) [][]unitRef {
	var groups [][]unitRef
	base := map[string]int{}
	for _, r := range refs {
		if r.unit == r.onHost {
			base[r.host.Name+"\x00"+r.onHost] = len(groups)
			groups = append(groups, []unitRef{r})
		}
	}
	var dropins []unitRef
	for _, r := range refs {
		if r.unit != r.onHost {
			dropins = append(dropins, r)
		}
	}
	slices.SortStableFunc(dropins, func(a, b unitRef) int { return strings.Compare(path.Base(a.onHost), path.Base(b.onHost)) })
	for _, d := range dropins {
		i, ok := base[d.host.Name+"\x00"+d.unit]
		if !ok {
			i, ok = bestBase(groups, d)
		}
		if !ok {
			base[d.host.Name+"\x00"+d.unit] = len(groups)
			groups = append(groups, []unitRef{d})
			continue
		}
		groups[i] = append(groups[i], d)
	}
	return groups
}

// bestBase finds the unit a drop-in in another folder extends: the unit
// of that name on the host in the folder systemd prefers.
func bestBase(groups [][]unitRef, d unitRef) (int, bool) {
	best := -1
	for i, g := range groups {
		r := g[0]
		if r.host != d.host || r.unit != r.onHost || unitName(r.onHost) != unitName(d.unit) {
			continue
		}
		if best < 0 || precedence(r.onHost) < precedence(groups[best][0].onHost) {
			best = i
		}
	}
	return best, best >= 0
}

// unitName is the unit's name as systemd knows it: the base name without
// an autoconf .in suffix.
func unitName(onHost string) string { return strings.TrimSuffix(path.Base(onHost), ".in") }

// templated matches an autoconf @NAME@ placeholder.
var templated = regexp.MustCompile(`@[A-Z][A-Z0-9_]*@`)
