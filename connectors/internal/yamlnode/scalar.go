package yamlnode

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

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

// IsNull reports whether n is absent or a null (an empty value, ~, null).
func IsNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// Describe names the shape of a node for messages ("… must be a list, not
// a number"): empty, a mapping (key: value), a list, a number, true/false
// or a string. Aliases are followed, a bounded number of hops, without
// spending a walker's budget.
func Describe(n *yaml.Node) string {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxHops; i++ {
		n = n.Alias
	}
	switch {
	case IsNull(n):
		return "empty"
	case n.Kind == yaml.MappingNode:
		return "a mapping (key: value)"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.AliasNode:
		return "an alias (*name) that does not end"
	case n.Tag == "!!int" || n.Tag == "!!float":
		return "a number"
	case n.Tag == "!!bool":
		return "true/false"
	}
	return "a string"
}

// Scalar is a string read from a file, trimmed, with the line it is
// written on.
type Scalar struct {
	Value string
	Line  int
}

// StrList reads a value that is one string or a list of strings, a shape
// many keys take. Each string is trimmed (an empty one kept) and carries
// the line it is written on: an alias's own line, not its anchor's. A null
// reads as no strings. ok is false when n is neither a string nor a list;
// bad lists, as written, the items that are not strings (a null, a
// mapping, a nested list), for the caller to report or skip. Past the
// budget reading stops, and what was read is returned.
func (w *Walker) StrList(n *yaml.Node) (strs []Scalar, bad []*yaml.Node, ok bool) {
	v := w.Deref(n)
	switch {
	case IsNull(v):
		return nil, nil, true
	case v.Kind == yaml.ScalarNode:
		return []Scalar{{strings.TrimSpace(v.Value), Line(n, v.Line)}}, nil, true
	case v.Kind != yaml.SequenceNode:
		return nil, nil, false
	}
	for _, raw := range v.Content {
		it := w.Deref(raw)
		if w.exceeded {
			break
		}
		if IsNull(it) || it.Kind != yaml.ScalarNode {
			bad = append(bad, raw)
			continue
		}
		strs = append(strs, Scalar{strings.TrimSpace(it.Value), Line(raw, it.Line)})
	}
	return strs, bad, true
}
