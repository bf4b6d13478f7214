package yamlnode

import (
	"slices"

	"go.yaml.in/yaml/v3"
)

// MaxNodes is the node budget a connector gives one file: aliases repeating
// a large mapping cannot make a small file expensive.
const MaxNodes = 200_000

// maxHops bounds the aliases followed from one node, and the merge keys
// (<<) followed into one another, so that a cycle cannot hold a reader.
const maxHops = 16

// Walker reads a YAML tree with aliases and merge keys resolved, spending a
// budget of nodes; past it every node reads as absent and Exceeded is true.
//
// The budget counts the nodes of the tree as aliases expand it, not the
// calls that reach them: a node in one place only (no alias leads into it)
// is charged the first time it is reached, so that looking keys up again
// and again costs nothing more; a node an alias leads to is charged every
// time it is reached, because each alias repeats it somewhere else.
type Walker struct {
	budget   int
	spent    int
	exceeded bool
	// state is stateCharged for a node charged once, stateShared for a
	// node inside a subtree an alias has led to (charged on every visit).
	state map[*yaml.Node]uint8
}

const (
	stateCharged uint8 = 1 + iota
	stateShared
)

// NewWalker returns a walker with a budget of max nodes.
func NewWalker(max int) *Walker { return &Walker{budget: max, state: map[*yaml.Node]uint8{}} }

// Exceeded reports whether the walk ran out of budget.
func (w *Walker) Exceeded() bool { return w.exceeded }

// Spent is the number of nodes charged to the budget so far.
func (w *Walker) Spent() int { return w.spent }

// Deref follows aliases and document nodes to the node they stand for, and
// charges it to the budget (see Walker). It returns nil past the budget or
// for an alias chain longer than the hop limit.
func (w *Walker) Deref(n *yaml.Node) *yaml.Node {
	if w.exceeded {
		return nil
	}
	via := false
	for i := 0; n != nil && i < maxHops; i++ {
		switch n.Kind {
		case yaml.AliasNode:
			n, via = n.Alias, true
			continue
		case yaml.DocumentNode:
			if len(n.Content) == 0 {
				return nil
			}
			n = n.Content[0]
			continue
		}
		break
	}
	if n == nil || n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode {
		return nil
	}
	if via {
		w.share(n)
	}
	switch w.state[n] {
	case stateCharged:
		return n
	case 0:
		w.state[n] = stateCharged
	}
	if w.spent++; w.spent > w.budget {
		w.exceeded = true
		return nil
	}
	return n
}

// share marks the subtree an alias leads to as charged on every visit. A
// node already marked was marked with its whole subtree.
func (w *Walker) share(n *yaml.Node) {
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n = stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if w.state[n] == stateShared {
			continue
		}
		w.state[n] = stateShared
		stack = append(stack, n.Content...)
	}
}

// Pair is one key of a mapping with its value.
type Pair struct {
	// Key is the key's text; K is the key node, an aliased key resolved.
	Key string
	K   *yaml.Node
	// V is the value with aliases followed; Raw is the value as written (an
	// alias where the file uses one), whose line is where the value is used.
	V, Raw *yaml.Node
}

// IsMerge reports whether k is a YAML merge key (<<).
func IsMerge(k *yaml.Node) bool {
	return k != nil && k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge"
}

// Pairs lists a mapping's keys in order, expanding merge keys (<<) the way
// YAML 1.1 says: explicit keys win over merged ones, and of several merged
// mappings (<<: [*a, *b], or several << keys) the first to name a key wins.
// Explicit keys are all listed, a duplicate too, for the caller to judge.
func (w *Walker) Pairs(n *yaml.Node) []Pair { return w.pairs(w.Deref(n), nil) }

func (w *Walker) pairs(n *yaml.Node, within []*yaml.Node) []Pair {
	if n == nil || n.Kind != yaml.MappingNode || len(within) > maxHops || slices.Contains(within, n) {
		return nil
	}
	within = append(within, n)
	out := make([]Pair, 0, len(n.Content)/2)
	var merged []Pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if IsMerge(k) {
			for _, src := range w.mergeSources(v) {
				merged = append(merged, w.pairs(src, within)...)
			}
			continue
		}
		if k.Kind == yaml.AliasNode {
			if k = w.Deref(k); k == nil {
				continue
			}
		}
		out = append(out, Pair{Key: k.Value, K: k, V: w.Deref(v), Raw: v})
	}
	if len(merged) == 0 {
		return out
	}
	seen := make(map[string]bool, len(out)+len(merged))
	for _, p := range out {
		seen[p.Key] = true
	}
	for _, p := range merged {
		if !seen[p.Key] {
			seen[p.Key] = true
			out = append(out, p)
		}
	}
	return out
}

// mergeSources lists the mappings a merge key's value names: one, or a list
// of them, in order.
func (w *Walker) mergeSources(v *yaml.Node) []*yaml.Node {
	src := w.Deref(v)
	if src == nil || src.Kind != yaml.SequenceNode {
		return []*yaml.Node{src}
	}
	out := make([]*yaml.Node, 0, len(src.Content))
	for _, m := range src.Content {
		out = append(out, w.Deref(m))
	}
	return out
}

// Get returns the value of key in mapping n (a merged key too, by the rule
// of Pairs), or nil. It reaches only the nodes on the way to the value.
func (w *Walker) Get(n *yaml.Node, key string) *yaml.Node {
	p, _ := w.Field(n, key)
	return p.V
}

// Field is Get with the key and the value as written: p.Raw is the alias
// where the file uses one, whose line is where the value is used (p.V's is
// the anchor's). ok is false when n has no such key, or past the budget.
func (w *Walker) Field(n *yaml.Node, key string) (p Pair, ok bool) {
	k, raw := w.get(w.Deref(n), key, nil)
	if v := w.Deref(raw); v != nil {
		return Pair{Key: k.Value, K: k, V: v, Raw: raw}, true
	}
	return Pair{}, false
}

// get finds key in mapping n, or in what n merges, and returns the key
// node (an aliased key resolved) and the value as written.
func (w *Walker) get(n *yaml.Node, key string, within []*yaml.Node) (k, raw *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	merges := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if IsMerge(k) {
			merges = true
			continue
		}
		if k.Kind == yaml.AliasNode {
			k = w.Deref(k)
		}
		if k != nil && k.Kind == yaml.ScalarNode && k.Value == key {
			return k, n.Content[i+1]
		}
	}
	if !merges || len(within) > maxHops || slices.Contains(within, n) {
		return nil, nil
	}
	within = append(within, n)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !IsMerge(n.Content[i]) {
			continue
		}
		for _, src := range w.mergeSources(n.Content[i+1]) {
			if k, raw := w.get(src, key, within); raw != nil {
				return k, raw
			}
		}
	}
	return nil, nil
}

// Items lists a sequence's items, aliases resolved; anything else has none.
func (w *Walker) Items(n *yaml.Node) []*yaml.Node {
	n = w.Deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = w.Deref(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}
