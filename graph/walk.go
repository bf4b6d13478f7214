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
func (g *Graph) Walk(start string, dir Direction, maxDepth int, follow func(Edge) bool) []Step {
	si, ok := g.index[start]
	if !ok {
		return nil
	}
	seen := make([]bool, len(g.nodes))
	seen[si] = true
	steps := []Step{{Node: g.nodes[si], Depth: 0, Prev: -1}}
	queue := []int32{si}
	for head := 0; head < len(queue); head++ {
		cur := queue[head]
		depth := steps[head].Depth
		if maxDepth >= 0 && depth >= maxDepth {
			continue
		}
		visit := func(ei int32, next int32) {
			e := g.edges[ei]
			if seen[next] || (follow != nil && !follow(e)) {
				return
			}
			seen[next] = true
			steps = append(steps, Step{Node: g.nodes[next], Via: e, Depth: depth + 1, Prev: head})
			queue = append(queue, next)
		}
		if dir == Dependencies || dir == Both {
			for ei := g.outStart[cur]; ei < g.outStart[cur+1]; ei++ {
				visit(ei, g.to[ei])
			}
		}
		if dir == Dependents || dir == Both {
			for _, ei := range g.inEdges[g.inStart[cur]:g.inStart[cur+1]] {
				visit(ei, g.from[ei])
			}
		}
	}
	return steps
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
	keep := make(map[int32]bool)
	for _, id := range focus {
		for _, s := range g.Walk(id, Both, depth, nil) {
			keep[g.index[s.Node.ID]] = true
		}
	}
	return g.subgraph(keep)
}

func (g *Graph) subgraph(keep map[int32]bool) *Graph {
	var nodes []Node
	for i, n := range g.nodes {
		if keep[int32(i)] {
			nodes = append(nodes, n)
		}
	}
	var edges []Edge
	for i, e := range g.edges {
		if keep[g.from[i]] && keep[g.to[i]] {
			edges = append(edges, e)
		}
	}
	return newGraph(nodes, edges, slices.Clone(g.diags))
}
