package graph

import "slices"

// Direction chooses which way a walk follows edges.
type Direction int

// The walk directions.
const (
	// Dependencies follows edges forward, A -> B: what A depends on.
	Dependencies Direction = iota
	// Dependents follows edges backward, B <- A: what a change to B
	// affects.
	Dependents
	// Both follows edges either way.
	Both
)

// Step is one node reached by a walk, with the edge it was reached through.
// The start node has a zero Via and Depth 0.
type Step struct {
	Node  Node
	Via   Edge
	Depth int
	// Prev is the index in the walk's result of the step Via came from, or
	// -1 for the start.
	Prev int
}

// Walk visits, breadth first, every node reachable from start in the given
// direction through edges that follow accepts (nil accepts every edge), up to
// maxDepth edges away (maxDepth < 0 means no limit). Each node is reached
// once, by the first shortest path in the graph's edge order, so the result
// is deterministic; following Prev from any step back to the start gives the
// path that explains why it was reached.
//
// Walk is Reach with every step's node and edge copied out; Reach is the
// cheaper call when only some of the nodes reached are reported.
func (g *Graph) Walk(start string, dir Direction, maxDepth int, follow func(Edge) bool) []Step {
	si, ok := g.index.lookup(g.nodes, start)
	if !ok {
		return nil
	}
	r := g.Reach(int(si), dir, maxDepth, follow)
	steps := make([]Step, len(r.Nodes))
	for i, n := range r.Nodes {
		steps[i] = Step{Node: g.nodes[n], Depth: int(r.Depth[i]), Prev: int(r.Prev[i])}
		if v := r.Via[i]; v >= 0 {
			steps[i].Via = g.edges[v]
		}
	}
	return steps
}

// Reached is the result of Reach: the nodes a walk reached, in the order it
// reached them, as parallel arrays of dense indices. Position 0 is the start.
type Reached struct {
	// Nodes holds the dense index of each node reached.
	Nodes []int32
	// Via holds the index in Edges() of the edge each node was reached
	// through, or -1 for the start.
	Via []int32
	// Prev holds the position in Nodes of the node each was reached from,
	// or -1 for the start.
	Prev []int32
	// Depth holds how many edges each node is from the start.
	Depth []int32
}

// Len returns how many nodes the walk reached, the start included.
func (r *Reached) Len() int { return len(r.Nodes) }

// Path returns the edges from the walk's start to the node at position i,
// in walk order: the explanation of why it was reached.
func (r *Reached) Path(g *Graph, i int) []Edge {
	var path []Edge
	for ; i > 0; i = int(r.Prev[i]) {
		path = append(path, g.edges[r.Via[i]])
	}
	slices.Reverse(path)
	return path
}

// Reach walks as Walk does from the node at dense index start, over the
// graph's int32 adjacency, and returns the nodes reached as indices. It
// allocates its result and one bit per node of the graph, nothing per node
// reached; follow, when not nil, is called with each edge considered.
func (g *Graph) Reach(start int, dir Direction, maxDepth int, follow func(Edge) bool) *Reached {
	if start < 0 || start >= len(g.nodes) {
		return &Reached{}
	}
	seen := make([]uint64, (len(g.nodes)+63)/64)
	seen[start/64] |= 1 << (start % 64)
	r := &Reached{Nodes: []int32{int32(start)}, Via: []int32{-1}, Prev: []int32{-1}, Depth: []int32{0}}
	// The adjacency is read in order (the targets of out-edges, the
	// sources of in-edges); only the visited bits are read at random.
	for head := 0; head < len(r.Nodes); head++ {
		cur, depth := r.Nodes[head], r.Depth[head]
		if maxDepth >= 0 && int(depth) >= maxDepth {
			continue
		}
		if dir == Dependencies || dir == Both {
			lo, hi := g.outStart[cur], g.outStart[cur+1]
			for ei, next := range g.to[lo:hi] {
				if seen[next/64]&(1<<(next%64)) != 0 || (follow != nil && !follow(g.edges[lo+int32(ei)])) {
					continue
				}
				seen[next/64] |= 1 << (next % 64)
				r.add(next, lo+int32(ei), int32(head), depth+1)
			}
		}
		if dir == Dependents || dir == Both {
			lo, hi := g.inStart[cur], g.inStart[cur+1]
			for j, next := range g.inFrom[lo:hi] {
				if seen[next/64]&(1<<(next%64)) != 0 {
					continue
				}
				ei := g.inEdges[lo+int32(j)]
				if follow != nil && !follow(g.edges[ei]) {
					continue
				}
				seen[next/64] |= 1 << (next % 64)
				r.add(next, ei, int32(head), depth+1)
			}
		}
	}
	return r
}

func (r *Reached) add(node, via, prev, depth int32) {
	r.Nodes = append(r.Nodes, node)
	r.Via = append(r.Via, via)
	r.Prev = append(r.Prev, prev)
	r.Depth = append(r.Depth, depth)
}

// Path returns the edges from the walk's start to steps[i], in walk order.
func Path(steps []Step, i int) []Edge {
	var path []Edge
	for ; i > 0; i = steps[i].Prev {
		path = append(path, steps[i].Via)
	}
	slices.Reverse(path)
	return path
}

// Neighbourhood returns the subgraph of the nodes within depth edges of the
// focus nodes, following edges both ways, with every edge among them and the
// graph's diagnostics. Unknown focus IDs are ignored.
func (g *Graph) Neighbourhood(focus []string, depth int) *Graph {
	keep := make([]bool, len(g.nodes))
	for _, id := range focus {
		si, ok := g.index.lookup(g.nodes, id)
		if !ok {
			continue
		}
		for _, n := range g.Reach(int(si), Both, depth, nil).Nodes {
			keep[n] = true
		}
	}
	return g.subgraph(keep)
}

func (g *Graph) subgraph(keep []bool) *Graph {
	var nodes []Node
	for i, n := range g.nodes {
		if keep[i] {
			nodes = append(nodes, n)
		}
	}
	var edges []Edge
	for n := range g.nodes {
		if !keep[n] {
			continue
		}
		for ei := g.outStart[n]; ei < g.outStart[n+1]; ei++ {
			if keep[g.to[ei]] {
				edges = append(edges, g.edges[ei])
			}
		}
	}
	return newGraph(nodes, edges, slices.Clone(g.diags))
}
