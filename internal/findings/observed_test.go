package findings

import (
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
)

// observedEvidence reads a fixture's "CONNECTOR:FIRST..LAST" into observed
// evidence.
func observedEvidence(spec string) graph.Evidence {
	conn, span, _ := strings.Cut(spec, ":")
	from, to, _ := strings.Cut(span, "..")
	f, _ := time.Parse(time.DateOnly, from)
	t, _ := time.Parse(time.DateOnly, to)
	return graph.Evidence{Connector: conn, Source: "audit.log", Basis: graph.Observed,
		Observed: &graph.Observation{FirstSeen: f, LastSeen: t, Count: 3, Sources: []string{"10.0.0.5"}}}
}
