// Package k8saudit reads Kubernetes API server audit logs (the log
// backend's JSON lines of audit.k8s.io Events, an EventList, or single
// events; gzip too) and records which service accounts and users were
// observed reading which Secrets: get, list or watch of a named Secret,
// aggregated per (principal, Secret) with first and last seen, count,
// source addresses and user-agent families. requestObject and
// responseObject, which hold the Secret's data at the RequestResponse
// level, are never decoded. docs/observed.md is the reference.
package k8saudit

import (
	"context"
	"regexp"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// Name is the connector's name.
const Name = "k8s-audit"

// Connector reads Kubernetes audit logs.
type Connector struct {
	observed config.Observed
	cluster  string
}

// New returns the connector; cfg (nil for the defaults) names the cluster
// and bounds which events count.
func New(cfg *config.Config) *Connector {
	c := &Connector{}
	if cfg != nil {
		c.observed, c.cluster = cfg.Observed, cfg.Kubernetes.Cluster
	}
	return c
}

// Name implements connectors.Connector.
func (*Connector) Name() string { return Name }

// About implements connectors.Connector.
func (*Connector) About() (reads, needs string) {
	return "Kubernetes audit logs (audit.k8s.io events, JSON lines, .gz too): which service accounts and users read which Secrets; never request or response objects",
		"read access to the log files"
}

var (
	auditHead = regexp.MustCompile(`"apiVersion"\s*:\s*"audit\.k8s\.io/v1(beta1)?"`)
	// Older captures have no apiVersion: an Event with an auditID.
	eventKind = regexp.MustCompile(`"kind"\s*:\s*"Event(List)?"`)
	auditID   = regexp.MustCompile(`"auditID"\s*:`)
)

// Claims takes files whose first bytes are audit.k8s.io events.
func (*Connector) Claims(path string, head []byte) bool {
	return len(head) > 0 && (auditHead.Match(head) || eventKind.Match(head) && auditID.Match(head))
}

// Discover reads every file routed to it; unreadable files and bad lines
// are diagnostics. It returns an error only when ctx is done.
func (c *Connector) Discover(ctx context.Context, files []string, b *graph.Builder) error {
	since := c.observed.Cutoff()
	for _, p := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		agg := observe.NewAggregator(since)
		if err := readFile(ctx, p, clusterOf(c.cluster, p), agg, b); err != nil {
			return err
		}
		agg.Emit(b, Name, p)
	}
	return nil
}

// clusterOf names the cluster a log belongs to as the kubernetes connector
// names clusters: the configured one, else the folder after k8s/ or
// clusters/ in the path, else "default".
func clusterOf(configured, p string) string {
	if configured != "" {
		return configured
	}
	segs := strings.Split(p, "/")
	for i := 0; i+2 < len(segs); i++ {
		if segs[i] == "k8s" || segs[i] == "clusters" {
			return segs[i+1]
		}
	}
	return "default"
}
