package planner

import (
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// OwnerSource answers for one node's owners: an *owners.Resolver (lazy,
// one goroutine) or a finished *owners.Result (shared safely).
type OwnerSource interface {
	Of(id string) *owners.NodeOwners
}

// OwnersFrom is the OwnerResolver over src: the node's effective owners as
// internal/owners decides them (direct, else inherited through part_of,
// runs_as, copy_of or key_of), with how each was found.
func OwnersFrom(src OwnerSource) OwnerResolver {
	return func(_ *graph.Graph, id string) []Owner {
		no := src.Of(id)
		if no == nil {
			return nil
		}
		var out []Owner
		for _, o := range no.Effective() {
			via := "direct (" + string(o.Source) + ")"
			if o.Via != "" {
				via = "inherited through " + o.Via
			}
			out = append(out, Owner{ID: o.ID, Name: o.Name, Via: via, Evidence: o.Evidence, ReferencedOnly: o.ReferencedOnly})
		}
		return out
	}
}
