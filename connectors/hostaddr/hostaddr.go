// Package hostaddr reads a host tree's etc/hosts for the addresses the host
// calls its own, so that an audit trail's source address can be tied to the
// host (docs/observed.md). Only lines naming the host itself (its name, or
// its short name) count, and loopback and link-local addresses never do.
package hostaddr

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "host-addresses"

// Connector reads etc/hosts in host trees.
type Connector struct {
	hosts config.Hosts
}

// New returns the connector; cfg (nil for the defaults) names host trees
// without etc/hostname.
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
	return "etc/hosts in host trees: the addresses a host gives its own name, to tie audit-trail addresses to hosts",
		"read access to the file"
}

// Claims takes etc/hosts of a host tree that has an etc/hostname.
func (*Connector) Claims(p string, head []byte) bool {
	root, onHost, ok := shellcmd.Split(p, "etc/")
	if !ok || onHost != "/etc/hosts" {
		return false
	}
	_, err := os.Stat(root + "/etc/hostname")
	return err == nil
}

// Discover reads every file routed to it and sets the addresses attribute
// of each host.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	hs := shellcmd.Hosts{Configured: c.hosts.NameFor}
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, _, ok := hs.Locate(p, "etc/")
		if !ok {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
				Message: fmt.Sprintf("cannot read: %v; give convene read access or exclude it", err)})
			continue
		}
		addrs, line := Own(data, h.Name)
		if len(addrs) == 0 {
			continue
		}
		b.AddNode(graph.Node{ID: h.ID(), Kind: graph.Location, Type: graph.TypeHost, Name: h.Name,
			Attrs:    map[string]string{graph.AttrAddresses: graph.EncodeList(addrs)},
			Evidence: []graph.Evidence{{Connector: Name, Source: p, Line: line, Basis: graph.Declared}}})
	}
	return nil
}

// Own returns the addresses data (an etc/hosts) gives the host name, and
// the line of the first.
func Own(data []byte, name string) ([]string, int) {
	short, _, _ := strings.Cut(name, ".")
	var out []string
	first := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		a, err := netip.ParseAddr(f[0])
		if err != nil || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast() {
			continue
		}
		for _, h := range f[1:] {
			hs, _, _ := strings.Cut(h, ".")
			if h == name || hs == short {
				out = append(out, a.String())
				if first == 0 {
					first = n
				}
				break
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), first
}
