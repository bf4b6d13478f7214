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
	// budgetReported is set once the budget error is recorded.
	budgetReported bool
}

// scalar is a string read from the file, with its line.
type scalar struct {
	val  string
	line int
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errorAt(yamlnode.Line(n, 1), format, args...)
}

// errorAt records an error at a line, once: a mapping merged in several
// places (<<: *name) has its problems reported where they are written.
func (d *decoder) errorAt(line int, format string, args ...any) {
	e := &Error{File: d.file, Line: max(line, 1), Msg: fmt.Sprintf(format, args...)}
	if !slices.ContainsFunc(d.errs, func(o *Error) bool { return *o == *e }) {
		d.errs = append(d.errs, e)
	}
}

func (d *decoder) warnf(line int, format string, args ...any) {
	d.warns = append(d.warns, &Error{File: d.file, Line: max(line, 1), Msg: fmt.Sprintf(format, args...)})
}

// overBudget reports, once, that the walk has run out of budget; n is the
// node being read then.
func (d *decoder) overBudget(n *yaml.Node) {
	if d.walk.Exceeded() && !d.budgetReported {
		d.budgetReported = true
		d.errorf(n, "the file expands to more than %d YAML nodes through aliases; write it out without aliases", maxNodes)
	}
}

// deref follows an alias to the node it names and spends the budget. Past
// the budget it returns nil, which reads as absent.
func (d *decoder) deref(n *yaml.Node) *yaml.Node {
	out := d.walk.Deref(n)
	d.overBudget(n)
	return out
}

// mapping returns the values of a mapping node by key, as written (an alias
// where the file has one), merge keys (<<) expanded: the mapping's own keys
// win, then the first merged mapping to set a key. Every key must be one of
// known and be written once in the mapping; what names the mapping in
// messages. ok is false when n is not a mapping.
func (d *decoder) mapping(raw *yaml.Node, what string, known []string) (fields map[string]*yaml.Node, ok bool) {
	n := d.deref(raw)
	if n == nil || n.Kind != yaml.MappingNode {
		d.errorf(raw, "%s must be a mapping of %s, not %s", what, strings.Join(known, ", "), yamlnode.Describe(n))
		return nil, false
	}
	d.merges(n, what)
	pairs := d.walk.Pairs(n)
	d.overBudget(n)
	fields = make(map[string]*yaml.Node, len(pairs))
	lines := make(map[string]int, len(pairs))
	for _, kv := range pairs {
		k, key := kv.K, kv.Key
		switch {
		case k.Kind != yaml.ScalarNode:
			d.errorf(k, "%s has a key that is %s; keys are plain words: %s", what, yamlnode.Describe(k), strings.Join(known, ", "))
		case !slices.Contains(known, key):
			d.errorf(k, "unknown key %q in %s%s; %s takes %s (see docs/owners-file.md)",
				key, what, didYouMean(key, known), what, strings.Join(known, ", "))
		case lines[key] > 0:
			d.errorf(k, "key %q appears twice in %s (first at line %d); keep one", key, what, lines[key])
		default:
			lines[key] = k.Line
			fields[key] = kv.Raw
		}
	}
	return fields, true
}

// merges reports the merge keys (<<) of mapping n whose value is not a
// mapping or a list of mappings, which merge nothing.
func (d *decoder) merges(n *yaml.Node, what string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !yamlnode.IsMerge(n.Content[i]) {
			continue
		}
		raw := n.Content[i+1]
		switch v := d.deref(raw); {
		case v == nil || v.Kind == yaml.MappingNode:
		case v.Kind == yaml.SequenceNode:
			for _, it := range v.Content {
				if m := d.deref(it); m != nil && m.Kind != yaml.MappingNode {
					d.errorf(it, "each item of \"<<\" in %s must be a mapping to merge (*name), not %s", what, yamlnode.Describe(m))
				}
			}
		default:
			d.errorf(raw, "\"<<\" in %s merges mappings (<<: *name or <<: [*a, *b]), not %s", what, yamlnode.Describe(v))
		}
	}
}

// str reads a string; absent and empty (null) read as "".
func (d *decoder) str(raw *yaml.Node, what string) string {
	n := d.deref(raw)
	if yamlnode.IsNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(raw, "%s must be a string, not %s", what, yamlnode.Describe(n))
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// list reads a sequence; absent and empty read as no items.
func (d *decoder) list(raw *yaml.Node, what string) []*yaml.Node {
	n := d.deref(raw)
	if yamlnode.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(raw, "%s must be a list (items starting with \"- \"), not %s", what, yamlnode.Describe(n))
		return nil
	}
	return n.Content
}

// strs reads one string or a list of strings.
func (d *decoder) strs(raw *yaml.Node, what string) []scalar {
	ss, bad, ok := d.walk.StrList(raw)
	d.overBudget(raw)
	if !ok {
		d.errorf(raw, "%s must be a string or a list of strings, not %s", what, yamlnode.Describe(raw))
		return nil
	}
	for _, item := range bad {
		d.errorf(item, "each item of %s must be a string, not %s", what, yamlnode.Describe(item))
	}
	out := make([]scalar, 0, len(ss))
	for _, s := range ss {
		out = append(out, scalar{s.Value, s.Line})
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
