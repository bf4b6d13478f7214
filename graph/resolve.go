package graph

import (
	"fmt"
	"slices"
	"strings"
)

// Resolve finds the node a user meant. ref may be a full ID, a unique suffix
// of an ID that starts after a separator ("/", ":", "@" or "."), or a node's
// name. An exact ID wins; otherwise the suffix and name matches together must
// name exactly one node. More than one is an *AmbiguousError listing them;
// none is a *NotFoundError with the closest candidates.
func (g *Graph) Resolve(ref string) (Node, error) {
	if ref == "" {
		return Node{}, &NotFoundError{Ref: ref}
	}
	if n, ok := g.Node(ref); ok {
		return n, nil
	}
	seen := make(map[int32]bool)
	var matches []int32
	add := func(i int32) {
		if !seen[i] {
			seen[i] = true
			matches = append(matches, i)
		}
	}
	g.names()
	if i, ok := g.byName[ref]; ok {
		for ; i >= 0; i = g.nameNext[i] {
			add(i)
		}
	}
	for i, n := range g.nodes {
		if isSegmentSuffix(n.ID, ref) {
			add(int32(i))
		}
	}
	switch len(matches) {
	case 1:
		return g.nodes[matches[0]], nil
	case 0:
		return Node{}, &NotFoundError{Ref: ref, Closest: g.closest(ref, 5)}
	}
	slices.Sort(matches)
	ids := make([]string, len(matches))
	for j, i := range matches {
		ids[j] = g.nodes[i].ID
	}
	return Node{}, &AmbiguousError{Ref: ref, Candidates: ids}
}

func isSegmentSuffix(id, ref string) bool {
	if len(ref) >= len(id) || !strings.HasSuffix(id, ref) {
		return false
	}
	switch id[len(id)-len(ref)-1] {
	case '/', ':', '@', '.':
		return true
	}
	return strings.ContainsAny(ref[:1], "/:@.")
}

// closest returns up to max IDs that look most like ref: those containing
// it first, then by edit distance to their last segment.
func (g *Graph) closest(ref string, max int) []string {
	type cand struct {
		id   string
		dist int
	}
	lref := strings.ToLower(ref)
	var cs []cand
	for _, n := range g.nodes {
		lid := strings.ToLower(n.ID)
		d := 0
		if !strings.Contains(lid, lref) {
			tail := lastSegments(lid, 1+strings.Count(lref, "/")+strings.Count(lref, ":"))
			name := strings.ToLower(n.Name)
			// The distance is at least the difference in length: skip
			// the work for what cannot be close.
			limit := len(ref)/2 + 1
			if abs(len(tail)-len(lref)) >= limit && abs(len(name)-len(lref)) >= limit {
				continue
			}
			d = 1 + min(editDistance(lref, tail), editDistance(lref, name))
			if d > len(ref)/2+1 {
				continue
			}
		}
		cs = append(cs, cand{n.ID, d})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		return cmpChain(a.dist-b.dist, strings.Compare(a.id, b.id))
	})
	var out []string
	for i := 0; i < len(cs) && i < max; i++ {
		out = append(out, cs[i].id)
	}
	return out
}

// lastSegments returns the end of id made of its last k segments, segments
// being separated by "/" or ":".
func lastSegments(id string, k int) string {
	i := len(id)
	for ; k > 0 && i > 0; k-- {
		i = strings.LastIndexAny(id[:i], "/:")
		if i < 0 {
			return id
		}
	}
	return id[i+1:]
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// AmbiguousError is returned by Resolve when a reference names several nodes.
type AmbiguousError struct {
	Ref        string
	Candidates []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%q names %d nodes; give one of these IDs:\n  %s",
		e.Ref, len(e.Candidates), strings.Join(e.Candidates, "\n  "))
}

// NotFoundError is returned by Resolve when a reference names no node.
type NotFoundError struct {
	Ref     string
	Closest []string
}

func (e *NotFoundError) Error() string {
	if len(e.Closest) == 0 {
		return fmt.Sprintf("no node matches %q", e.Ref)
	}
	return fmt.Sprintf("no node matches %q; closest:\n  %s", e.Ref, strings.Join(e.Closest, "\n  "))
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
