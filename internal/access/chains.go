package access

import (
	"slices"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// BecomeKinds are the edge kinds along which one holds another's access:
// A -> B means whoever controls A can act as B.
var BecomeKinds = []graph.EdgeKind{
	graph.Assumes, graph.AuthenticatesAs, graph.RunsAs, graph.KeyOf,
	graph.Uses, graph.Reads, graph.CopyOf, graph.CanBecome,
}

func becomes(k graph.EdgeKind) bool { return slices.Contains(BecomeKinds, k) }

// Step is one edge of a chain, with what justifies it.
type Step struct {
	From string         `json:"from"`
	To   string         `json:"to"`
	Kind graph.EdgeKind `json:"kind"`
	// Why is the rule and permission of a derived edge, or the evidence
	// of a configured or declared one.
	Why string `json:"why"`
}

// Chain is the shortest way from one node to another.
type Chain struct {
	Node  string `json:"node"`
	Type  string `json:"type"`
	Steps []Step `json:"steps"`
}

// Who returns every node that can become target, each with its shortest
// chain (from that node to target), shortest first, then by ID. Owners are
// left out: they own, they do not act.
func Who(g *graph.Graph, target string) []Chain {
	return walk(g, target, true)
}

// Becomes returns every identity and credential target can become, each
// with its shortest chain from target, shortest first, then by ID.
func Becomes(g *graph.Graph, target string) []Chain {
	var out []Chain
	for _, c := range walk(g, target, false) {
		if n, _ := g.Node(c.Node); n.Kind == graph.Identity || n.Kind == graph.Credential {
			out = append(out, c)
		}
	}
	return out
}

// walk is a breadth-first search from start over the become edges,
// against them when reverse; each reached node keeps the edge it was first
// reached by, so its chain is a shortest one.
func walk(g *graph.Graph, start string, reverse bool) []Chain {
	via := map[string]graph.Edge{}
	seen := map[string]bool{start: true}
	queue := []string{start}
	var order []string
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		next := g.Out(id)
		if reverse {
			next = g.In(id)
		}
		for _, e := range next {
			if !becomes(e.Kind) {
				continue
			}
			other := e.To
			if reverse {
				other = e.From
			}
			if seen[other] {
				continue
			}
			if n, ok := g.Node(other); !ok || n.Kind == graph.Owner {
				continue
			}
			seen[other] = true
			via[other] = e
			order = append(order, other)
			queue = append(queue, other)
		}
	}
	out := make([]Chain, 0, len(order))
	for _, id := range order {
		var steps []Step
		for cur := id; cur != start; {
			e := via[cur]
			steps = append(steps, Step{From: e.From, To: e.To, Kind: e.Kind, Why: why(e)})
			if reverse {
				cur = e.To
			} else {
				cur = e.From
			}
		}
		if !reverse {
			slices.Reverse(steps)
		}
		n, _ := g.Node(id)
		out = append(out, Chain{Node: id, Type: n.Type, Steps: steps})
	}
	slices.SortStableFunc(out, func(a, b Chain) int {
		if len(a.Steps) != len(b.Steps) {
			return len(a.Steps) - len(b.Steps)
		}
		return strings.Compare(a.Node, b.Node)
	})
	return out
}

// why explains an edge in one line: the rule and permission of a derived
// edge, else its first evidence.
func why(e graph.Edge) string {
	if e.Kind == graph.CanBecome && len(e.Evidence) > 0 {
		ev := e.Evidence[0]
		s := ev.Note
		if ev.Source != "" {
			s += " [" + ev.Source
			if ev.Line > 0 {
				s += ":" + strconv.Itoa(ev.Line)
			}
			s += "]"
		}
		return s
	}
	if len(e.Evidence) > 0 {
		return e.Evidence[0].String()
	}
	return ""
}
