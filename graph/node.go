package graph

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Node is one thing in the estate.
//
// ID is stable and human-typable: the provider's own name where one exists
// (the ARN for AWS) and scheme:path otherwise ("vault:secret/payments/db").
// Attrs hold the documented attributes of the node's type; structured values
// are stored JSON-encoded. A Node read from a Graph must not be modified.
type Node struct {
	ID       string
	Kind     NodeKind
	Type     string
	Name     string
	Attrs    map[string]string
	Schedule *Schedule
	Evidence []Evidence
}

// Edge says that From depends on To, in the way Kind names. Attrs carry what
// qualifies the dependency (a trust condition, an environment variable name).
type Edge struct {
	From     string
	To       string
	Kind     EdgeKind
	Attrs    map[string]string
	Evidence []Evidence
}

// Key identifies an edge: there is at most one edge of a kind between two
// nodes.
func (e Edge) Key() EdgeKey { return EdgeKey{e.From, e.To, e.Kind} }

// EdgeKey is the identity of an edge.
type EdgeKey struct {
	From, To string
	Kind     EdgeKind
}

// String renders the key as "from -kind-> to".
func (k EdgeKey) String() string { return k.From + " -" + string(k.Kind) + "-> " + k.To }

// Evidence records where a claim came from, so a reviewer can check it.
type Evidence struct {
	// Connector is the name of the connector that made the claim.
	Connector string
	// Source is the file path or API call the claim was read from.
	Source string
	// Line is the 1-based line in Source, or 0 when there is none.
	Line  int
	Basis Basis
	// Note explains anything a reviewer should know, for example a value
	// that another source disagreed with.
	Note string
	// Observed aggregates the log entries behind evidence of basis
	// Observed; nil for every other basis. It is never a raw event.
	Observed *Observation
}

// Observation is what an audit trail showed of one dependency: when it was
// first and last seen, how often, and from where. Sources are the distinct
// places the use came from (an IP address, a user-agent family, a host),
// sorted, at most MaxObservationSources of them.
type Observation struct {
	FirstSeen time.Time
	LastSeen  time.Time
	Count     int64
	Sources   []string
}

// MaxObservationSources bounds Observation.Sources, so that one busy
// credential cannot grow a node without limit.
const MaxObservationSources = 32

func compareObservations(a, b *Observation) int {
	switch {
	case a == b:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return cmpChain(
		a.FirstSeen.Compare(b.FirstSeen),
		a.LastSeen.Compare(b.LastSeen),
		cmpInt64(a.Count, b.Count),
		slices.Compare(a.Sources, b.Sources),
	)
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func equalEvidence(a, b Evidence) bool { return compareEvidence(a, b) == 0 }

// String renders the evidence as "connector source:line (basis)".
func (ev Evidence) String() string {
	var sb strings.Builder
	sb.WriteString(ev.Connector)
	if ev.Source != "" {
		sb.WriteString(" ")
		sb.WriteString(ev.Source)
		if ev.Line > 0 {
			fmt.Fprintf(&sb, ":%d", ev.Line)
		}
	}
	if ev.Basis != "" {
		sb.WriteString(" (" + string(ev.Basis) + ")")
	}
	if ev.Note != "" {
		sb.WriteString(": " + ev.Note)
	}
	if o := ev.Observed; o != nil {
		fmt.Fprintf(&sb, " [seen %d times, %s to %s", o.Count, o.FirstSeen.UTC().Format(time.RFC3339), o.LastSeen.UTC().Format(time.RFC3339))
		if len(o.Sources) > 0 {
			sb.WriteString(", from " + strings.Join(o.Sources, ", "))
		}
		sb.WriteString("]")
	}
	return sb.String()
}

func compareEvidence(a, b Evidence) int {
	return cmpChain(
		strings.Compare(a.Connector, b.Connector),
		strings.Compare(a.Source, b.Source),
		a.Line-b.Line,
		strings.Compare(string(a.Basis), string(b.Basis)),
		strings.Compare(a.Note, b.Note),
		compareObservations(a.Observed, b.Observed),
	)
}

func cmpChain(cs ...int) int {
	for _, c := range cs {
		if c != 0 {
			return c
		}
	}
	return 0
}

// Schedule is the timetable of a workload that runs on one, as written.
type Schedule struct {
	// Expr is the expression exactly as the source wrote it.
	Expr    string
	Dialect Dialect
	// TimeZone is the IANA zone the expression is read in; empty means the
	// host's or service's default, which the connector could not know.
	TimeZone string
}

// Diagnostic is a problem met while reading a source: a file that could not
// be parsed, a reference that could not be resolved. Diagnostics are not
// failures: the scan goes on and reports them.
type Diagnostic struct {
	Connector string
	// File is the path of the file concerned, or the API call.
	File string
	// Line is the 1-based line in File, or 0 when there is none.
	Line     int
	Severity Severity
	// Message says what is wrong and what to do about it.
	Message string
}

// Severity grades a Diagnostic.
type Severity string

// The diagnostic severities.
const (
	// Error: a source, or part of one, was skipped.
	Error Severity = "error"
	// Warning: the source was read but something in it looks wrong.
	Warning Severity = "warning"
)

// String renders the diagnostic as "file:line: severity: message (connector)".
func (d Diagnostic) String() string {
	var sb strings.Builder
	if d.File != "" {
		sb.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&sb, ":%d", d.Line)
		}
		sb.WriteString(": ")
	}
	if d.Severity != "" {
		sb.WriteString(string(d.Severity) + ": ")
	}
	sb.WriteString(d.Message)
	if d.Connector != "" {
		sb.WriteString(" [" + d.Connector + "]")
	}
	return sb.String()
}

func compareDiagnostics(a, b Diagnostic) int {
	return cmpChain(
		strings.Compare(a.File, b.File),
		a.Line-b.Line,
		strings.Compare(a.Connector, b.Connector),
		strings.Compare(string(a.Severity), string(b.Severity)),
		strings.Compare(a.Message, b.Message),
	)
}

// writeAttrs writes attributes in key order as " k=v".
func writeAttrs(sb *strings.Builder, attrs map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		fmt.Fprintf(sb, " %s=%q", k, attrs[k])
	}
}
