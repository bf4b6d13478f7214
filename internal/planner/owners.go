package planner

import (
	"fmt"

	"github.com/convene-dev/convene/graph"
)

// inheritVia are the edges along which ownership is inherited when a node
// has no owner of its own: a job part_of a repository is owned by the
// repository's owners; a workload owned by nobody falls to the owners of
// the identity it runs as; a copy to the owners of what it copies.
var inheritVia = []graph.EdgeKind{graph.PartOf, graph.RunsAs, graph.CopyOf}

// DirectAndInheritedOwners is the default OwnerResolver: the node's own
// owned_by edges, else the nearest owners up part_of, runs_as and copy_of
// edges (a few hops at most).
func DirectAndInheritedOwners(g *graph.Graph, id string) []Owner {
	return ownersOf(g, id, 4, "")
}

func ownersOf(g *graph.Graph, id string, hops int, via string) []Owner {
	var owners []Owner
	for _, e := range g.Out(id) {
		if e.Kind != graph.OwnedBy {
			continue
		}
		n, _ := g.Node(e.To)
		how := "direct"
		if via != "" {
			how = via
		}
		owners = append(owners, Owner{ID: n.ID, Name: n.Name, Via: how, Evidence: e.Evidence, ReferencedOnly: n.Attrs[graph.AttrReferencedOnly] == "true"})
	}
	if len(owners) > 0 || hops == 0 {
		return owners
	}
	for _, kind := range inheritVia {
		for _, e := range g.Out(id) {
			if e.Kind != kind {
				continue
			}
			how := via
			if how == "" {
				how = fmt.Sprintf("inherited from %s through %s", e.To, e.Kind)
			}
			if found := ownersOf(g, e.To, hops-1, how); len(found) > 0 {
				return found
			}
		}
	}
	return nil
}
