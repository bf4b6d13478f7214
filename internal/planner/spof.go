package planner

import (
	"fmt"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/findings"
)

// singlePointFacts adds, to the targets (as notes) and the impacted nodes
// (as facts), how many workloads reach something only through them: the
// dominator analysis of findings.SinglePoints (docs/planner.md, "Single
// points of failure").
func singlePointFacts(g *graph.Graph, p *Plan) {
	// The sinks the targets reach bound the work: a dominator tree per
	// sink, each as large as what reaches that sink.
	from := make([]string, 0, len(p.Targets))
	for _, t := range p.Targets {
		from = append(from, t.ID)
	}
	sps := findings.SinglePointsFrom(g, from, findings.SinglePointMin)
	if len(sps) == 0 {
		return
	}
	byID := make(map[string]findings.SinglePoint, len(sps))
	for _, sp := range sps {
		byID[sp.ID] = sp
	}
	text := func(n graph.Node, sp findings.SinglePoint) string {
		return fmt.Sprintf("single point of failure: %d workloads reach %s only through this %s", len(sp.Workloads), sp.Sink, n.Type)
	}
	for _, t := range p.Targets {
		if sp, ok := byID[t.ID]; ok {
			p.Notes = append(p.Notes, t.ID+": "+text(t, sp))
		}
	}
	for i := range p.Impacted {
		if sp, ok := byID[p.Impacted[i].Node.ID]; ok {
			p.Impacted[i].Facts = append(p.Impacted[i].Facts, text(p.Impacted[i].Node, sp))
		}
	}
}
