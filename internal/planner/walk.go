package planner

import (
	"github.com/convene-dev/convene/graph"
)

// DefaultMaxDepth bounds the walk; a plan says when it was reached.
const DefaultMaxDepth = 12

// reach is one way the walk reached a node.
type reach struct {
	class Class
	mode  mode
	depth int
	// path runs from the impacted node to a target, in the graph's
	// direction: path[0].From is the impacted node, the last edge's To a
	// target.
	path []graph.Edge
}

type stateKey struct {
	id string
	m  mode
}

// walk goes against the arrows from the targets, following step, and
// returns for every impacted node its worst class with the shortest path
// that gives it. Each (node, mode) is expanded once, so cycles end. Steps
// keep a link to the step they came from, and only the winning steps' paths
// are spelled out at the end.
func walk(g *graph.Graph, a Action, targets []graph.Node, maxDepth int) (map[string]reach, bool) {
	type item struct {
		node  graph.Node
		class Class
		mode  mode
		depth int
		via   graph.Edge
		prev  int // index of the item this one was reached from; -1 for a target
	}
	start := fresh
	switch a {
	case Revoke, Disable, Delete:
		start = lost
	case Modify:
		start = loosened
	}
	seen := make(map[stateKey]bool)
	var queue []item
	for _, t := range targets {
		seen[stateKey{t.ID, start}] = true
		queue = append(queue, item{node: t, mode: start, prev: -1})
	}
	best := make(map[string]int) // node ID -> index of its winning item
	truncated := false
	for head := 0; head < len(queue); head++ {
		cur := queue[head]
		for e := range g.InSeq(cur.node.ID) {
			consumer, _ := g.Node(e.From)
			class, m, ok := step(a, cur.mode, e, consumer, cur.node)
			if !ok {
				continue
			}
			if cur.depth >= maxDepth {
				truncated = true
				continue
			}
			next := item{node: consumer, class: class, mode: m, depth: cur.depth + 1, via: e, prev: head}
			k := stateKey{e.From, m}
			if seen[k] {
				// Expanded already; it may still give a worse class.
				if old, ok := best[e.From]; ok && worse(class, queue[old].class) && !isTarget(targets, e.From) {
					queue = append(queue, next) // kept for its path, not expanded again
					best[e.From] = len(queue) - 1
				}
				continue
			}
			seen[k] = true
			queue = append(queue, next)
			if old, ok := best[e.From]; !isTarget(targets, e.From) && (!ok || worse(class, queue[old].class)) {
				best[e.From] = len(queue) - 1
			}
		}
	}
	out := make(map[string]reach, len(best))
	for id, i := range best {
		it := queue[i]
		path := make([]graph.Edge, 0, it.depth)
		for j := i; queue[j].prev >= 0; j = queue[j].prev {
			path = append(path, queue[j].via)
		}
		out[id] = reach{class: it.class, mode: it.mode, depth: it.depth, path: path}
	}
	return out, truncated
}

func isTarget(targets []graph.Node, id string) bool {
	for _, t := range targets {
		if t.ID == id {
			return true
		}
	}
	return false
}

// holds reports whether an edge means its source needs its target to keep
// working: what a decommissioned workload held may be orphaned.
func holds(k graph.EdgeKind) bool {
	switch k {
	case graph.Assumes, graph.RunsAs, graph.Reads, graph.Uses, graph.AuthenticatesAs, graph.KeyOf, graph.CopyOf:
		return true
	}
	return false
}

// decommission follows the workloads' dependencies forward and reports those
// nothing else holds any more: a dependency is orphaned when no node outside
// the decommissioned set and its candidates reaches it. Working on sets
// makes a cycle of identities that only hold each other orphaned as a whole.
// What triggers or calls a decommissioned workload is affected too.
func decommission(g *graph.Graph, targets []graph.Node, maxDepth int) (map[string]reach, bool) {
	gone := make(map[string]bool)
	for _, t := range targets {
		gone[t.ID] = true
	}
	// Candidates: everything the targets hold, transitively, with the
	// forward path that reaches it first.
	cand := make(map[string][]graph.Edge)
	type item struct {
		id   string
		path []graph.Edge
	}
	var queue []item
	for _, t := range targets {
		queue = append(queue, item{id: t.ID})
	}
	truncated := false
	for head := 0; head < len(queue); head++ {
		cur := queue[head]
		for _, e := range g.Out(cur.id) {
			if !holds(e.Kind) || gone[e.To] {
				continue
			}
			if _, seen := cand[e.To]; seen {
				continue
			}
			if len(cur.path) >= maxDepth {
				truncated = true
				continue
			}
			path := append(append([]graph.Edge{}, cur.path...), e)
			cand[e.To] = path
			queue = append(queue, item{e.To, path})
		}
	}
	// Still held: candidates reached from a holder outside the set.
	held := make(map[string]bool)
	var live []string
	for id := range cand {
		for _, e := range g.In(id) {
			if holds(e.Kind) && !gone[e.From] {
				if _, isCand := cand[e.From]; !isCand {
					live = append(live, id)
					break
				}
			}
		}
	}
	for len(live) > 0 {
		id := live[len(live)-1]
		live = live[:len(live)-1]
		if held[id] {
			continue
		}
		held[id] = true
		for _, e := range g.Out(id) {
			if _, isCand := cand[e.To]; isCand && holds(e.Kind) && !held[e.To] {
				live = append(live, e.To)
			}
		}
	}
	best := make(map[string]reach)
	for id, path := range cand {
		if !held[id] {
			best[id] = reach{class: Orphaned, depth: len(path), path: path}
		}
	}
	ind, t2 := walk(g, Decommission, targets, maxDepth)
	for id, r := range ind {
		if _, ok := best[id]; !ok && !gone[id] {
			best[id] = r
		}
	}
	return best, truncated || t2
}
