// Package observe aggregates the entries of audit trails (Vault audit logs,
// CloudTrail) into observed uses, and writes them into the builder as
// observation carriers for the link rule "observed" to resolve.
//
// An audit trail says who used what, from where and when, thousands of
// times over. Only the aggregate is kept: one Use per distinct (subject,
// object, kind, client), with first and last seen, a count and the
// distinct sources. Memory is bounded by the number of distinct uses, never
// by the number of entries.
//
// A connector cannot tell whether a use matches a configured consumer: that
// needs the whole graph. So each use is written as a carrier node of type
// "observed-use" whose attributes name the use (docs/observed.md lists
// them); the link rule turns it into observed evidence on the configured
// edge it matches, or into an observed-client workload, and the carriers
// are dropped from the finished graph.
package observe

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// CarrierType is the node type of observation carriers.
const CarrierType = "observed-use"

// The carrier attributes the link rule reads.
const (
	// AttrKind is the edge kind of the use: reads, uses or assumes.
	AttrKind = "observed.kind"
	// AttrObject is the node ID of what was used.
	AttrObject = "observed.object"
	// AttrObjectType is the node type the object would have, for when no
	// connector reported it.
	AttrObjectType = "observed.object_type"
	// AttrSubject is the node ID of the identity the entry authenticated
	// as, when the trail names one the estate can name.
	AttrSubject = "observed.subject"
	// AttrClient is the stable key of the client: what an observed-client
	// node is named after when the use matches nothing configured.
	AttrClient = "observed.client"
)

// Key identifies one observed use.
type Key struct {
	Kind    graph.EdgeKind
	Object  string
	Subject string
	Client  string
}

// Use is the aggregate of one observed use in one file.
type Use struct {
	Key
	// ObjectType is the node type of the object (vault-kv-secret, aws-role…).
	ObjectType string
	// Attrs describe the client (auth method, entity, user agent); they are
	// set from the first entry and never hold a secret value.
	Attrs     map[string]string
	FirstSeen time.Time
	LastSeen  time.Time
	Count     int64
	// Line is the first line of the file the use was seen on.
	Line    int
	sources map[string]struct{}
}

// Aggregator collects the uses of one file.
type Aggregator struct {
	// Since drops entries older than it; zero keeps everything.
	Since time.Time
	uses  map[Key]*Use
	// Dropped counts entries older than Since.
	Dropped int64
}

// NewAggregator returns an empty aggregator.
func NewAggregator(since time.Time) *Aggregator {
	return &Aggregator{Since: since, uses: make(map[Key]*Use)}
}

// Add counts one entry of use k at time t, from sources (an address, a
// user-agent family; empty ones are ignored). attrs is called only the
// first time k is met, so that describing a use costs nothing per entry.
func (a *Aggregator) Add(k Key, objectType string, t time.Time, line int, attrs func() map[string]string, sources ...string) {
	if !a.Since.IsZero() && !t.IsZero() && t.Before(a.Since) {
		a.Dropped++
		return
	}
	u := a.uses[k]
	if u == nil {
		u = &Use{Key: k, ObjectType: objectType, FirstSeen: t, LastSeen: t, Line: line, sources: make(map[string]struct{})}
		if attrs != nil {
			u.Attrs = attrs()
		}
		a.uses[k] = u
	}
	u.Count++
	if t.Before(u.FirstSeen) {
		u.FirstSeen = t
	}
	if t.After(u.LastSeen) {
		u.LastSeen = t
	}
	for _, src := range sources {
		if src != "" && len(u.sources) < graph.MaxObservationSources {
			u.sources[src] = struct{}{}
		}
	}
}

// Len is the number of distinct uses.
func (a *Aggregator) Len() int { return len(a.uses) }

// Uses returns the uses in a fixed order.
func (a *Aggregator) Uses() []*Use {
	out := slices.Collect(maps.Values(a.uses))
	slices.SortFunc(out, func(x, y *Use) int {
		return cmp.Or(strings.Compare(string(x.Kind), string(y.Kind)), strings.Compare(x.Client, y.Client),
			strings.Compare(x.Subject, y.Subject), strings.Compare(x.Object, y.Object))
	})
	return out
}

// Sources returns the distinct sources, sorted.
func (u *Use) Sources() []string { return slices.Sorted(maps.Keys(u.sources)) }

func (u *Use) id() string {
	return "observed-use:" + string(u.Kind) + ":" + u.Client + "|" + u.Subject + "|" + u.Object
}

// Emit writes each use as a carrier node, with evidence of basis observed
// citing file.
func (a *Aggregator) Emit(b *graph.Builder, connector, file string) {
	for _, u := range a.Uses() {
		attrs := maps.Clone(u.Attrs)
		if attrs == nil {
			attrs = map[string]string{}
		}
		attrs[AttrKind] = string(u.Kind)
		attrs[AttrObject] = u.Object
		attrs[AttrObjectType] = u.ObjectType
		attrs[AttrClient] = u.Client
		if u.Subject != "" {
			attrs[AttrSubject] = u.Subject
		}
		b.AddNode(graph.Node{ID: u.id(), Kind: graph.Workload, Type: CarrierType, Name: u.Client, Attrs: attrs,
			Evidence: []graph.Evidence{{Connector: connector, Source: file, Line: u.Line, Basis: graph.Observed,
				Observed: &graph.Observation{FirstSeen: u.FirstSeen.UTC(), LastSeen: u.LastSeen.UTC(), Count: u.Count, Sources: u.Sources()}}}})
	}
}

// Has reports whether use k was counted.
func (a *Aggregator) Has(k Key) bool { _, ok := a.uses[k]; return ok }

// Fill adds o's uses that a lacks and keep accepts: Vault logs each call
// twice (request, then response), and a use is counted from responses
// where a file has them, from requests where it has only those.
func (a *Aggregator) Fill(o *Aggregator, keep func(Key) bool) {
	for k, u := range o.uses {
		if _, ok := a.uses[k]; !ok && keep(k) {
			a.uses[k] = u
		}
	}
}
