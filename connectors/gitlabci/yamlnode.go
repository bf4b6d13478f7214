package gitlabci

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/graph"
)

// deref follows aliases and spends the node budget; past it the node reads
// as absent.
func (p *pipeline) deref(n *yaml.Node) *yaml.Node {
	was := p.walk.Exceeded()
	out := p.walk.Deref(n)
	if !was && p.walk.Exceeded() {
		p.diag(p.file, lineOf(n), graph.Warning, "the pipeline expands to more than %d YAML nodes through aliases; the rest is not read", maxNodes)
	}
	return out
}

func lineOf(n *yaml.Node) int {
	if n == nil {
		return 1
	}
	return max(n.Line, 1)
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

func describe(n *yaml.Node) string {
	switch {
	case isNull(n):
		return "empty"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	}
	return "a scalar"
}

// lookup returns the value of key in mapping n (aliases followed, merge
// keys << honoured), or nil.
func lookup(n *yaml.Node, key string) *yaml.Node {
	n = follow(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var merged *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := follow(n.Content[i])
		if k == nil {
			continue
		}
		if k.Value == key && k.Tag != "!!merge" {
			return follow(n.Content[i+1])
		}
		if k.Tag == "!!merge" && merged == nil {
			v := follow(n.Content[i+1])
			srcs := []*yaml.Node{v}
			if v != nil && v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, s := range srcs {
				if s != n {
					if m := lookup(s, key); m != nil {
						merged = m
						break
					}
				}
			}
		}
	}
	return merged
}

// pairs lists a mapping's key/value pairs, merge keys expanded (own keys
// after merged ones, so they win when folded in order).
func pairs(n *yaml.Node) [][2]*yaml.Node {
	n = follow(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var out, own [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := follow(n.Content[i])
		if k == nil {
			continue
		}
		if k.Tag == "!!merge" {
			v := follow(n.Content[i+1])
			srcs := []*yaml.Node{v}
			if v != nil && v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, s := range srcs {
				if follow(s) != n {
					out = append(out, pairs(s)...)
				}
			}
			continue
		}
		own = append(own, [2]*yaml.Node{k, n.Content[i+1]})
	}
	return append(out, own...)
}

func follow(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 16; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func str(n *yaml.Node) string {
	n = follow(n)
	if n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// strList reads one string or a list of strings.
func strList(n *yaml.Node) []string {
	n = follow(n)
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if s := str(n); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	if n.Kind == yaml.SequenceNode {
		for _, it := range n.Content {
			if s := str(it); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}
