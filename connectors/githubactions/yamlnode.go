package githubactions

import (
	"go.yaml.in/yaml/v3"
)

// maxNodes bounds the YAML nodes one file may make the reader visit, so that
// aliases repeating a large mapping cannot make a small file expensive.
const maxNodes = 200_000

// walker reads a YAML tree with aliases and merge keys resolved, spending a
// budget so that an alias bomb stops early instead of exhausting memory.
type walker struct {
	budget   int
	exceeded bool
}

func newWalker() *walker { return &walker{budget: maxNodes} }

// deref follows aliases and document nodes to the node they stand for.
// Past the budget it returns nil, which reads as absent.
func (w *walker) deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && i < 16; i++ {
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
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	if w.budget--; w.budget < 0 {
		w.exceeded = true
		return nil
	}
	return n
}

// pair is one key of a mapping with its value, aliases resolved.
type pair struct {
	key string
	k   *yaml.Node
	v   *yaml.Node
}

// pairs lists a mapping's keys in order, expanding YAML merge keys (<<) the
// way GitHub's own parser does: explicit keys win over merged ones.
func (w *walker) pairs(n *yaml.Node) []pair {
	n = w.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]pair, 0, len(n.Content)/2)
	var merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
			src := w.deref(v)
			if src == nil {
				continue
			}
			if src.Kind == yaml.SequenceNode {
				for _, m := range src.Content {
					merged = append(merged, w.pairs(m)...)
				}
			} else {
				merged = append(merged, w.pairs(src)...)
			}
			continue
		}
		out = append(out, pair{key: k.Value, k: k, v: w.deref(v)})
	}
	if len(merged) == 0 {
		return out
	}
	seen := make(map[string]bool, len(out)+len(merged))
	for _, p := range out {
		seen[p.key] = true
	}
	for _, p := range merged {
		if !seen[p.key] {
			seen[p.key] = true
			out = append(out, p)
		}
	}
	return out
}

// get returns the value of key in mapping n, or nil.
func (w *walker) get(n *yaml.Node, key string) *yaml.Node {
	n = w.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key && k.Tag != "!!merge" {
			return w.deref(n.Content[i+1])
		}
	}
	for _, p := range w.pairs(n) { // the key may come from a merge
		if p.key == key {
			return p.v
		}
	}
	return nil
}

// items lists a sequence's items, aliases resolved.
func (w *walker) items(n *yaml.Node) []*yaml.Node {
	n = w.deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = w.deref(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// str returns a scalar's text, or "" for anything else.
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// strs reads a string or a list of strings.
func (w *walker) strs(n *yaml.Node) []scalar {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if s := str(n); s != "" {
			return []scalar{{val: s, line: n.Line}}
		}
		return nil
	}
	var out []scalar
	for _, it := range w.items(n) {
		if s := str(it); s != "" {
			out = append(out, scalar{val: s, line: it.Line})
		}
	}
	return out
}

// scalar is a string read from a file, with its line.
type scalar struct {
	val  string
	line int
	// file is set when the value was passed in from another file (a
	// composite action's input), so evidence cites where it was written.
	file string
}

func lineOf(n *yaml.Node) int {
	if n == nil || n.Line < 1 {
		return 1
	}
	return n.Line
}
