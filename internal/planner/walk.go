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
// that gives it. Each (node, mode) is expanded once, so cycles end.
func walk(g *graph.Graph, a Action, targets []graph.Node, maxDepth int) (map[string]reach, bool) {
	best := make(map[string]reach)
	seen := make(map[stateKey]bool)
	type item struct {
		node graph.Node
		r    reach
	}
	var queue []item
	for _, t := range targets {
		m := fresh
		switch a {
		case Revoke, Disable, Delete:
			m = lost
		case Modify:
			m = loosened
		}
		seen[stateKey{t.ID, m}] = true
		queue = append(queue, item{t, reach{mode: m}})
	}
	truncated := false
	for head := 0; head < len(queue); head++ {
		cur := queue[head]
		for e := range g.InSeq(cur.node.ID) {
			consumer, _ := g.Node(e.From)
			class, m, ok := step(a, cur.r.mode, e, consumer, cur.node)
			if !ok {
				continue
			}
			if cur.r.depth >= maxDepth {
				truncated = true
				continue
			}
			r := reach{class: class, mode: m, depth: cur.r.depth + 1,
				path: append([]graph.Edge{e}, cur.r.path...)}
			if old, ok := best[e.From]; !isTarget(targets, e.From) && (!ok || worse(class, old.class)) {
				best[e.From] = r
			}
			k := stateKey{e.From, m}
			if !seen[k] {
				seen[k] = true
				queue = append(queue, item{consumer, r})
			}
		}
	}
	return best, truncated
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
