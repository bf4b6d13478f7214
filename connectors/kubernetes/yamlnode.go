package kubernetes

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// The helpers below read a manifest leniently: a field of the wrong shape
// reads as absent, because a manifest the API server would reject is not
// ours to validate, and the rest of it still says something true.

// deref follows aliases, a bounded number of hops so that a cycle cannot
// hold us.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// get returns the value of key in mapping m, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := deref(m.Content[i]); k != nil && k.Kind == yaml.ScalarNode && k.Value == key {
			return deref(m.Content[i+1])
		}
	}
	return nil
}

// path follows keys down nested mappings.
func path(m *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if m = get(m, k); m == nil {
			return nil
		}
	}
	return m
}

// str returns a scalar's text, trimmed; anything else reads as "".
func str(n *yaml.Node) string {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// items returns a sequence's elements, aliases followed; anything else
// reads as no items.
func items(n *yaml.Node) []*yaml.Node {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(n.Content))
	for _, c := range n.Content {
		if c = deref(c); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// kv is one scalar entry of a mapping, with its line.
type kv struct {
	key, val string
	line     int
}

// pairs returns the scalar entries of a mapping (labels, annotations), in
// file order; non-scalar values are skipped.
func pairs(m *yaml.Node) []kv {
	m = deref(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]kv, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := deref(m.Content[i]), deref(m.Content[i+1])
		if k == nil || v == nil || k.Kind != yaml.ScalarNode || v.Kind != yaml.ScalarNode {
			continue
		}
		out = append(out, kv{k.Value, v.Value, k.Line})
	}
	return out
}

// lineOf is a node's line, or fallback when the node is absent.
func lineOf(n *yaml.Node, fallback int) int {
	if n == nil || n.Line < 1 {
		return fallback
	}
	return n.Line
}

// isTrue reads a YAML or annotation boolean ("true", "True", "yes").
func isTrue(s string) bool {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// templated reports text a renderer had still to fill in: Helm/Go
// templates, shell or envsubst variables, Jinja.
func templated(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "${") || strings.Contains(s, "{%")
}
