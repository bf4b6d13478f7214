package ownership

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
)

// maxNodes bounds the YAML nodes one file may make the decoder visit, so
// that aliases repeating a large list cannot make a small file expensive.
const maxNodes = 1_000_000

// decoder walks a YAML node tree by the owners-file schema, collecting every
// problem with its line rather than stopping at the first.
type decoder struct {
	file  string
	errs  ErrorList
	warns ErrorList
	walk  *yamlnode.Walker // aliases and the node budget (connectors/internal/yamlnode)
}

// scalar is a string read from the file, with its line.
type scalar struct {
	val  string
	line int
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: lineOf(n), Msg: fmt.Sprintf(format, args...)})
}

// errorAt records an error at a line.
func (d *decoder) errorAt(line int, format string, args ...any) {
	d.errs = append(d.errs, &Error{File: d.file, Line: max(line, 1), Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) warnf(line int, format string, args ...any) {
	d.warns = append(d.warns, &Error{File: d.file, Line: max(line, 1), Msg: fmt.Sprintf(format, args...)})
}

func lineOf(n *yaml.Node) int {
	if n == nil || n.Line < 1 {
		return 1
	}
	return n.Line
}

// deref follows an alias to the node it names and spends the budget. Past
// the budget it reports once and returns nil, which reads as absent.
func (d *decoder) deref(n *yaml.Node) *yaml.Node {
	was := d.walk.Exceeded()
	out := d.walk.Deref(n)
	if !was && d.walk.Exceeded() {
		d.errorf(n, "the file expands to more than %d YAML nodes through aliases; write it out without aliases", maxNodes)
	}
	return out
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// describe names the type of a node for messages: "a list", "a number".
func describe(n *yaml.Node) string {
	switch {
	case n == nil || isNull(n):
		return "empty"
	case n.Kind == yaml.MappingNode:
		return "a mapping (key: value)"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Tag == "!!int" || n.Tag == "!!float":
		return "a number"
	case n.Tag == "!!bool":
		return "true/false"
	}
	return "a string"
}

// mapping returns the values of a mapping node by key. Every key must be
// one of known and appear once; what names the mapping in messages. ok is
// false when n is not a mapping.
func (d *decoder) mapping(raw *yaml.Node, what string, known []string) (fields map[string]*yaml.Node, ok bool) {
	n := d.deref(raw)
	if n == nil || n.Kind != yaml.MappingNode {
		d.errorf(raw, "%s must be a mapping of %s, not %s", what, strings.Join(known, ", "), describe(n))
		return nil, false
	}
	fields = make(map[string]*yaml.Node, len(n.Content)/2)
	lines := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.deref(n.Content[i]), n.Content[i+1]
		if k == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(n.Content[i], "%s has a key that is %s; keys are plain words: %s", what, describe(k), strings.Join(known, ", "))
			continue
		}
		key := k.Value
		switch {
		case !slices.Contains(known, key):
			d.errorf(k, "unknown key %q in %s%s; %s takes %s (see docs/owners-file.md)",
				key, what, didYouMean(key, known), what, strings.Join(known, ", "))
		case lines[key] > 0:
			d.errorf(k, "key %q appears twice in %s (first at line %d); keep one", key, what, lines[key])
		default:
			lines[key] = k.Line
			fields[key] = v
		}
	}
	return fields, true
}

// str reads a string; absent and empty (null) read as "".
func (d *decoder) str(raw *yaml.Node, what string) string {
	n := d.deref(raw)
	if isNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(raw, "%s must be a string, not %s", what, describe(n))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// list reads a sequence; absent and empty read as no items.
func (d *decoder) list(raw *yaml.Node, what string) []*yaml.Node {
	n := d.deref(raw)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(raw, "%s must be a list (items starting with \"- \"), not %s", what, describe(n))
		return nil
	}
	return n.Content
}

// strs reads one string or a list of strings.
func (d *decoder) strs(raw *yaml.Node, what string) []scalar {
	n := d.deref(raw)
	if isNull(n) {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return []scalar{{strings.TrimSpace(n.Value), lineOf(raw)}}
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(raw, "%s must be a string or a list of strings, not %s", what, describe(n))
		return nil
	}
	var out []scalar
	for _, item := range n.Content {
		v := d.deref(item)
		if v == nil || v.Kind != yaml.ScalarNode || isNull(v) {
			d.errorf(item, "each item of %s must be a string, not %s", what, describe(v))
			continue
		}
		out = append(out, scalar{strings.TrimSpace(v.Value), lineOf(item)})
	}
	return out
}

// didYouMean suggests the closest of candidates to s, if one is close.
func didYouMean(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if dist := editDistance(s, c); dist < bestDist {
			best, bestDist = c, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b))
	}
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
