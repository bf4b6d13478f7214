package owners

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Seen is one owner the graph knows, canonical (the owners file's team or
// person when an alias maps a source's name onto it), with what it owns
// and where its name came from: the answer of `convene owners`.
type Seen struct {
	ID   string
	Type string // team or person
	Name string
	// Defined is set when the owners file or a catalog entity defines the
	// owner; InOwnersFile when the owners file does.
	Defined, InOwnersFile bool
	// Names are the other owner nodes that stand for this one (a
	// CODEOWNERS github-team:..., a catalog group), in ID order.
	Names []string
	// NamedBy lists the kinds of hint that named it (tag.team, MAILTO,
	// catalog spec.owner, CODEOWNERS), sorted.
	NamedBy []string
	// Owns lists the nodes it owns directly, from any source, in ID order;
	// Effective how many of them it owns as the strongest source present;
	// Inherited how many nodes inherit it as their owner.
	Owns      []string
	Effective int
	Inherited int
	// Evidence is where the owner and its names were declared or named:
	// owners-file lines, catalog entities, CODEOWNERS lines, hints.
	Evidence []graph.Evidence
	// Attrs are the owner node's attributes (contacts, handle, aliases).
	Attrs map[string]string
}

// Inventory lists every owner of g, canonical, in ID order.
func Inventory(g *graph.Graph, opts Options) []Seen {
	res := Resolve(g, opts)
	a := newResolver(g, opts).aliases
	byID := map[string]*Seen{}
	var order []string
	get := func(id string) *Seen {
		s := byID[id]
		if s == nil {
			s = &Seen{ID: id}
			if n, ok := g.Node(id); ok {
				s.Type, s.Name, s.Attrs = n.Type, n.Name, n.Attrs
				s.Defined, s.InOwnersFile = Defined(n), fromOwnersFile(n)
			}
			byID[id] = s
			order = append(order, id)
		}
		return s
	}
	for _, n := range g.Nodes() {
		if n.Kind != graph.Owner {
			continue
		}
		canon := a.Canonical(n.ID)
		s := get(canon)
		if canon != n.ID {
			s.Names = append(s.Names, n.ID)
		}
		s.Evidence = append(s.Evidence, n.Evidence...)
		s.NamedBy = append(s.NamedBy, graph.DecodeList(n.Attrs[AttrNamedBy])...)
	}
	for _, no := range res.Nodes {
		seen := map[string]bool{}
		for _, o := range no.Owners {
			s := get(o.ID)
			if o.Source == Inherited {
				if !seen["inherited "+o.ID] {
					s.Inherited++
					seen["inherited "+o.ID] = true
				}
				continue
			}
			if !seen[o.ID] {
				s.Owns = append(s.Owns, no.ID)
				seen[o.ID] = true
			}
			if o.Effective && !seen["effective "+o.ID] {
				s.Effective++
				seen["effective "+o.ID] = true
			}
		}
	}
	slices.Sort(order)
	out := make([]Seen, 0, len(order))
	for _, id := range order {
		s := byID[id]
		slices.Sort(s.NamedBy)
		s.NamedBy = slices.Compact(s.NamedBy)
		slices.SortFunc(s.Evidence, func(x, y graph.Evidence) int {
			if c := strings.Compare(x.Source, y.Source); c != 0 {
				return c
			}
			return x.Line - y.Line
		})
		s.Evidence = slices.CompactFunc(s.Evidence, func(x, y graph.Evidence) bool {
			return x.Connector == y.Connector && x.Source == y.Source && x.Line == y.Line && x.Note == y.Note
		})
		out = append(out, *s)
	}
	return out
}

// ReferencedOnly reports whether only hints name the owner.
func (s Seen) ReferencedOnly() bool { return !s.Defined }
