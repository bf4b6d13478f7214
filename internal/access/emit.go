package access

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// emit writes the derived edges, one per (from, to): when several rules
// reach the same pair, the edge's attributes are those of the first rule by
// name among the unconditional ones (the first of its evidence, as the
// graph orders evidence) and its evidence lists every rule.
func emit(g *graph.Graph, b *graph.Builder, ds []derived) {
	slices.SortStableFunc(ds, func(a, b derived) int {
		if c := strings.Compare(a.from, b.from); c != 0 {
			return c
		}
		if c := strings.Compare(a.to, b.to); c != 0 {
			return c
		}
		if a.conditional != b.conditional {
			if a.conditional {
				return 1
			}
			return -1
		}
		return strings.Compare(a.rule, b.rule)
	})
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && ds[j].from == ds[i].from && ds[j].to == ds[i].to {
			j++
		}
		e := ds[i].edge(g)
		for _, d := range ds[i+1 : j] {
			e.Evidence = append(e.Evidence, d.edge(g).Evidence...)
		}
		b.AddEdge(e)
		i = j
	}
}
