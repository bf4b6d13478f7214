package yamlnode

import "go.yaml.in/yaml/v3"

// MaxNodes is the node budget a connector gives one file: aliases repeating
// a large mapping cannot make a small file expensive.
const MaxNodes = 200_000

// maxHops bounds the aliases followed from one node, so that a cycle cannot
// hold a reader.
const maxHops = 16

// Walker reads a YAML tree with aliases and merge keys resolved, spending a
// budget of nodes; past it every node reads as absent and Exceeded is true.
type Walker struct {
	budget   int
	exceeded bool
}

// NewWalker returns a walker with a budget of max nodes.
func NewWalker(max int) *Walker { return &Walker{budget: max} }

// Exceeded reports whether the walk ran out of budget.
func (w *Walker) Exceeded() bool { return w.exceeded }

// Deref follows aliases and document nodes to the node they stand for, and
// spends one node of the budget. It returns nil past the budget or for an
// alias chain longer than the hop limit.
func (w *Walker) Deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < maxHops; i++ {
		switch n.Kind {
		case yaml.AliasNode:
			n = n.Alias
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
	if n != nil && (n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode) {
		return nil
	}
	if w.budget--; w.budget < 0 {
		w.exceeded = true
		return nil
	}
	return n
}

// Pair is one key of a mapping with its value, aliases resolved.
type Pair struct {
	Key  string
	K, V *yaml.Node
}

// IsMerge reports whether k is a YAML merge key (<<).
func IsMerge(k *yaml.Node) bool {
	return k != nil && k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge"
}

// Pairs lists a mapping's keys in order, expanding merge keys (<<) the way
// YAML 1.1 says: explicit keys win over merged ones, and of several merged
// mappings the first to name a key wins.
func (w *Walker) Pairs(n *yaml.Node) []Pair {
	n = w.Deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]Pair, 0, len(n.Content)/2)
	var merged []Pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if IsMerge(k) {
			src := w.Deref(v)
			if src == nil {
				continue
			}
			if src.Kind == yaml.SequenceNode {
				for _, m := range src.Content {
					merged = append(merged, w.Pairs(m)...)
				}
			} else {
				merged = append(merged, w.Pairs(src)...)
			}
			continue
		}
		out = append(out, Pair{Key: k.Value, K: k, V: w.Deref(v)})
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

// Get returns the value of key in mapping n (a merged key too), or nil.
func (w *Walker) Get(n *yaml.Node, key string) *yaml.Node {
	n = w.Deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key && !IsMerge(k) {
			return w.Deref(n.Content[i+1])
		}
	}
	for _, p := range w.Pairs(n) {
		if p.Key == key {
			return p.V
		}
	}
	return nil
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

// Str returns a scalar's text, or "" for a null or anything not a scalar.
func Str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// Line is a node's line, or fallback when the node is absent or has none.
func Line(n *yaml.Node, fallback int) int {
	if n == nil || n.Line < 1 {
		return fallback
	}
	return n.Line
}
