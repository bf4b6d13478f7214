package export

import (
	"slices"
	"strconv"

	"github.com/convene-dev/convene/graph"
)

// Location clusters. A node that is part_of a location is drawn inside a
// Graphviz cluster for it: the clusters come first in the DOT text, naming their members, and the nodes'
// styles and every edge follow at the top level.
//
// Graphviz can put a node in one cluster only (a node named in two sibling
// clusters is drawn in one and warned about), so each node gets one home:
// for a location, the first location in ID order that it is part_of and
// that does not sit inside it already (so a part_of cycle is cut rather than
// drawn); for any other node, of the locations it is part_of, the most
// deeply nested, then the first in ID order. Its other part_of edges are
// still drawn as edges.

const noHome = -1

// homes returns, by dense index, the index of the location each node is
// drawn inside, or noHome.
func homes(g *graph.Graph) []int {
	home := make([]int, g.Len())
	for i := range home {
		home[i] = noHome
	}
	// Locations first, so the nesting is known when the others choose.
	for i, n := range g.Nodes() {
		if n.Kind != graph.Location {
			continue
		}
		for _, t := range partOfLocations(g, n) {
			if t != i && !inside(home, t, i) {
				home[i] = t
				break
			}
		}
	}
	for i, n := range g.Nodes() {
		if n.Kind == graph.Location {
			continue
		}
		best, bestDepth := noHome, -1
		for _, t := range partOfLocations(g, n) {
			if d := depth(home, t); d > bestDepth {
				best, bestDepth = t, d
			}
		}
		home[i] = best
	}
	return home
}

// partOfLocations lists the locations n has a part_of edge to, in ID order.
func partOfLocations(g *graph.Graph, n graph.Node) []int {
	var out []int
	for _, e := range g.Out(n.ID) {
		if e.Kind != graph.PartOf {
			continue
		}
		if t, ok := g.Index(e.To); ok && g.At(t).Kind == graph.Location {
			out = append(out, t)
		}
	}
	return out
}

// inside reports whether location i is within location outer, following
// homes up from i.
func inside(home []int, i, outer int) bool {
	for ; i != noHome; i = home[i] {
		if i == outer {
			return true
		}
	}
	return false
}

// depth is how many clusters enclose location i's own.
func depth(home []int, i int) int {
	d := 0
	for i = home[i]; i != noHome; i = home[i] {
		d++
	}
	return d
}

// clusters builds the top-level location clusters of g, nested clusters
// inside them. A location with nothing inside it is drawn as a plain node.
func clusters(g *graph.Graph) []*cluster {
	home := homes(g)
	members := make([][]int, g.Len())
	for i, h := range home {
		if h != noHome {
			members[h] = append(members[h], i)
		}
	}
	// Number the clusters in ID order of their locations; names are unique
	// across the whole drawing, as Graphviz wants.
	names := make(map[int]string)
	for i := range members {
		if len(members[i]) > 0 {
			names[i] = "cluster_" + strconv.Itoa(len(names))
		}
	}
	var build func(loc int) *cluster
	build = func(loc int) *cluster {
		c := &cluster{name: names[loc], attrs: clusterAttrs(g.At(loc))}
		in := []int{loc}
		for _, m := range members[loc] {
			if len(members[m]) > 0 {
				c.children = append(c.children, build(m))
				continue
			}
			in = append(in, m)
		}
		slices.Sort(in) // members in ID order, the location among them
		for _, m := range in {
			c.members = append(c.members, quoteID(g.At(m).ID))
		}
		return c
	}
	var roots []*cluster
	for i := range members {
		if len(members[i]) > 0 && home[i] == noHome {
			roots = append(roots, build(i))
		}
	}
	return roots
}
