package owners

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// NodeOwners is the answer for one node.
type NodeOwners struct {
	ID   string
	Kind graph.NodeKind
	// Owners are sorted by precedence, then ID; the effective ones first.
	Owners []Owner
	// Conflicts explain where sources disagree, strongest first.
	Conflicts []string
}

// Effective returns the owners a change should go to.
func (n *NodeOwners) Effective() []Owner {
	var out []Owner
	for _, o := range n.Owners {
		if o.Effective {
			out = append(out, o)
		}
	}
	return out
}

// Hint is an owner hint no owner answers to: a tag value that is no team,
// person or alias.
type Hint struct {
	Node, Attr, Value string
}

// Result is the ownership of a whole graph.
type Result struct {
	// Nodes holds every ownable node, in ID order.
	Nodes []*NodeOwners
	// Unowned lists the IDs of ownable nodes without any owner, by kind.
	Unowned map[graph.NodeKind][]string
	// Unresolved lists owner hints that name no known owner.
	Unresolved []Hint
	// Problems are alias names claimed twice.
	Problems []string
	// Referenced lists, in ID order, the owners only hints name (see
	// ReferencedOnly), other than those an alias maps onto a defined owner.
	Referenced []string
	byID       map[string]*NodeOwners
}

// Of returns the answer for one node, or nil when it is not ownable or not
// in the graph.
func (r *Result) Of(id string) *NodeOwners { return r.byID[id] }

// UnownedCounts returns how many ownable nodes of each kind have no owner.
func (r *Result) UnownedCounts() map[graph.NodeKind]int {
	out := make(map[graph.NodeKind]int, len(r.Unowned))
	for k, ids := range r.Unowned {
		out[k] = len(ids)
	}
	return out
}

// Conflicted returns the nodes whose sources disagree, in ID order.
func (r *Result) Conflicted() []*NodeOwners {
	var out []*NodeOwners
	for _, n := range r.Nodes {
		if len(n.Conflicts) > 0 {
			out = append(out, n)
		}
	}
	return out
}

// Resolve gives every ownable node its owners with their provenance.
func Resolve(g *graph.Graph, opts Options) *Result {
	rs := newResolver(g, opts)
	res := &Result{Unowned: map[graph.NodeKind][]string{}, Problems: rs.aliases.Problems, byID: map[string]*NodeOwners{}}
	for _, n := range g.Nodes() {
		if !Ownable(n) {
			continue
		}
		no := rs.resolve(n)
		res.Nodes = append(res.Nodes, no)
		res.byID[n.ID] = no
		if len(no.Owners) == 0 {
			res.Unowned[n.Kind] = append(res.Unowned[n.Kind], n.ID)
		}
		for _, k := range rs.tagKeys {
			if v, ok := n.Attrs[k]; ok && v != "" {
				if _, found := rs.aliases.Lookup(v); !found {
					res.Unresolved = append(res.Unresolved, Hint{Node: n.ID, Attr: k, Value: v})
				}
			}
		}
		for _, v := range MailTo(n.Attrs[AttrMailTo]) {
			if _, found := rs.aliases.Lookup(v); !found {
				res.Unresolved = append(res.Unresolved, Hint{Node: n.ID, Attr: AttrMailTo, Value: v})
			}
		}
	}
	for _, n := range g.Nodes() {
		if ReferencedOnly(n) && rs.aliases.Canonical(n.ID) == n.ID {
			res.Referenced = append(res.Referenced, n.ID)
		}
	}
	return res
}

// Explain returns the owners of one node, as Resolve would, for
// `convene show`. It is nil for a node that is not ownable or not there.
func Explain(g *graph.Graph, id string) []Owner {
	n, ok := g.Node(id)
	if !ok || !Ownable(n) {
		return nil
	}
	return newResolver(g, Options{}).resolve(n).Owners
}

type resolver struct {
	g       *graph.Graph
	aliases *Aliases
	tagKeys []string
	hops    int
	direct  map[string][]Owner // memo of direct owners
}

func newResolver(g *graph.Graph, opts Options) *resolver {
	rs := &resolver{g: g, aliases: NewAliases(g), tagKeys: opts.TagKeys, hops: opts.MaxHops, direct: map[string][]Owner{}}
	if rs.tagKeys == nil {
		rs.tagKeys = DefaultTagKeys
	}
	if rs.hops <= 0 {
		rs.hops = 4
	}
	return rs
}

func (rs *resolver) resolve(n graph.Node) *NodeOwners {
	no := &NodeOwners{ID: n.ID, Kind: n.Kind}
	owners := rs.directOf(n.ID)
	if len(owners) == 0 {
		owners = rs.inherit(n.ID)
	}
	owners = slices.Clone(owners)
	if len(owners) > 0 {
		best := owners[0].Precedence
		for i := range owners {
			owners[i].Effective = owners[i].Precedence == best
		}
	}
	no.Owners = owners
	no.Conflicts = conflicts(owners)
	return no
}

// directOf returns the node's own owners: one Owner per owner and source,
// sorted by precedence then ID.
func (rs *resolver) directOf(id string) []Owner {
	if got, ok := rs.direct[id]; ok {
		return got
	}
	type key struct {
		id  string
		src Source
	}
	idx := map[key]int{}
	var out []Owner
	for _, e := range rs.g.Out(id) {
		if e.Kind != graph.OwnedBy {
			continue
		}
		canon := rs.aliases.Canonical(e.To)
		evs := e.Evidence
		if len(evs) == 0 {
			// An edge nobody cited (a hand-made graph file) still owns:
			// it counts as an "other" source.
			evs = []graph.Evidence{{}}
		}
		for _, ev := range evs {
			src := sourceOf(ev)
			k := key{canon, src}
			i, seen := idx[k]
			if !seen {
				i = len(out)
				idx[k] = i
				o := Owner{ID: canon, Source: src, Precedence: src.Precedence()}
				if canon != e.To {
					o.Raw = e.To
				}
				if on, ok := rs.g.Node(canon); ok {
					o.Name = on.Name
					o.ReferencedOnly = ReferencedOnly(on)
				}
				out = append(out, o)
			}
			if ev != (graph.Evidence{}) && !slices.Contains(out[i].Evidence, ev) {
				out[i].Evidence = append(out[i].Evidence, ev)
			}
		}
	}
	slices.SortFunc(out, func(a, b Owner) int {
		return cmp.Or(a.Precedence-b.Precedence, strings.Compare(a.ID, b.ID))
	})
	rs.direct[id] = out
	return out
}

// inherit walks forward along part_of, runs_as and copy_of, breadth first
// and in that order of preference, to the nearest node with owners of its
// own, and returns its strongest owners marked as inherited.
func (rs *resolver) inherit(id string) []Owner {
	seen := map[string]bool{id: true}
	type step struct {
		id  string
		via string
	}
	frontier := []step{{id: id}}
	for depth := 0; depth < rs.hops && len(frontier) > 0; depth++ {
		var next []step
		for _, kind := range inheritVia {
			for _, s := range frontier {
				for _, e := range rs.g.Out(s.id) {
					if e.Kind != kind || seen[e.To] {
						continue
					}
					seen[e.To] = true
					via := fmt.Sprintf("%s %s", e.Kind, e.To)
					if s.via != "" {
						via = s.via + ", " + via
					}
					if direct := rs.directOf(e.To); len(direct) > 0 {
						return inherited(direct, via)
					}
					next = append(next, step{e.To, via})
				}
			}
		}
		frontier = next
	}
	return nil
}

func inherited(direct []Owner, via string) []Owner {
	best := direct[0].Precedence
	var out []Owner
	for _, o := range direct {
		if o.Precedence != best {
			break
		}
		o.Via = via + " (" + string(o.Source) + ")"
		o.Source, o.Precedence = Inherited, Inherited.Precedence()
		out = append(out, o)
	}
	return out
}

// Resolver answers for one node at a time, sharing its aliases and memo
// across calls: for the planner, which needs the owners of the nodes a
// change reaches, not of the whole graph. One Resolver serves one
// goroutine.
type Resolver struct {
	rs   *resolver
	memo map[string]*NodeOwners
}

// NewResolver prepares a Resolver over g.
func NewResolver(g *graph.Graph, opts Options) *Resolver {
	return &Resolver{rs: newResolver(g, opts), memo: map[string]*NodeOwners{}}
}

// Of returns the owners of one node, or nil when it is not ownable or not
// in the graph. A node is resolved once: later calls return the same
// answer, which callers must not modify.
func (r *Resolver) Of(id string) *NodeOwners {
	if no, ok := r.memo[id]; ok {
		return no
	}
	n, ok := r.rs.g.Node(id)
	if !ok || !Ownable(n) {
		return nil
	}
	no := r.rs.resolve(n)
	r.memo[id] = no
	return no
}
