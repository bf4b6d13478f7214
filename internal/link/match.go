package link

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/convene-dev/convene/graph"
)

// matcher finds the owner rules that select a node without trying every
// rule on every node. Each ID glob is filed in a trie under its literal
// prefix (the text before its first wildcard), so a node meets only the
// globs whose prefix its ID starts with; rules without globs are filed by
// their tag. Globs are checked once, when added.
type matcher struct {
	rules []*compiledRule
	trie  trieNode
	// byTag files the rules that select by tag alone: attribute name, then
	// value.
	byTag   map[string]map[string][]int32
	tagKeys []string // byTag's keys, in the order first met
	// seen[i] == stamp when rule i already matched the current node.
	seen  []uint32
	stamp uint32
}

type compiledRule struct {
	owner    string
	kind     graph.NodeKind
	typ      string
	tagAttr  string
	tagValue string
	file     string
	line     int
	tagNote  string
	globs    []string
	// literal[i] is set when globs[i] has no wildcard: compare, do not
	// match.
	literal []bool
	// chunk[i] is a text every ID globs[i] matches holds after its literal
	// prefix: a cheap test before the full match.
	chunk []string
}

type globRef struct{ rule, glob int32 }

// trieNode is a byte trie over literal prefixes.
type trieNode struct {
	labels []byte
	kids   []*trieNode
	refs   []globRef
}

func (t *trieNode) child(c byte, create bool) *trieNode {
	for i, l := range t.labels {
		if l == c {
			return t.kids[i]
		}
	}
	if !create {
		return nil
	}
	k := &trieNode{}
	t.labels = append(t.labels, c)
	t.kids = append(t.kids, k)
	return k
}

// add compiles one rule of an owner. It returns what is wrong with the rule
// when it cannot be used.
func (m *matcher) add(owner string, r ownerRule) string {
	if len(r.IDs) == 0 && r.TagKey == "" {
		return "rule selects nothing (no ids and no tag)"
	}
	for _, g := range r.IDs {
		if !validGlob(g) {
			return fmt.Sprintf("glob %q is malformed, or too costly to match (over 1024 characters or 4 {…} alternations)", g)
		}
	}
	cr := &compiledRule{owner: owner, kind: graph.NodeKind(r.Kind), typ: r.Type, file: r.File, line: r.Line, globs: r.IDs}
	if r.TagKey != "" {
		cr.tagAttr, cr.tagValue = TagAttrPrefix+r.TagKey, r.TagValue
		cr.tagNote = cr.tagAttr + "=" + r.TagValue
	}
	idx := int32(len(m.rules))
	m.rules = append(m.rules, cr)
	for gi, g := range r.IDs {
		prefix := literalPrefix(g)
		cr.literal = append(cr.literal, prefix == g)
		cr.chunk = append(cr.chunk, requiredChunk(g))
		t := &m.trie
		for i := 0; i < len(prefix); i++ {
			t = t.child(prefix[i], true)
		}
		t.refs = append(t.refs, globRef{idx, int32(gi)})
	}
	if len(r.IDs) == 0 {
		if m.byTag == nil {
			m.byTag = make(map[string]map[string][]int32)
		}
		vals, ok := m.byTag[cr.tagAttr]
		if !ok {
			vals = make(map[string][]int32)
			m.byTag[cr.tagAttr] = vals
			m.tagKeys = append(m.tagKeys, cr.tagAttr)
		}
		vals[cr.tagValue] = append(vals[cr.tagValue], idx)
	}
	return ""
}

// finish readies the matcher for matching, once every rule is added.
func (m *matcher) finish() { m.seen = make([]uint32, len(m.rules)) }

// match calls found once for each rule that selects n, with how it was
// selected: the glob that matched, or the tag.
func (m *matcher) match(n graph.Node, found func(r *compiledRule, how string)) {
	m.stamp++
	if m.stamp == 0 { // wrapped: forget every stamp
		clear(m.seen)
		m.stamp = 1
	}
	id := n.ID
	t := &m.trie
	for i := 0; t != nil; i++ {
		for _, ref := range t.refs {
			cr := m.rules[ref.rule]
			if m.seen[ref.rule] == m.stamp || !cr.filters(n) {
				continue
			}
			if cr.matches(int(ref.glob), id, i) {
				m.seen[ref.rule] = m.stamp
				found(cr, cr.globs[ref.glob])
			}
		}
		if i == len(id) {
			break
		}
		t = t.child(id[i], false)
	}
	for _, attr := range m.tagKeys {
		v, ok := n.Attrs[attr]
		if !ok {
			continue
		}
		for _, ri := range m.byTag[attr][v] {
			if cr := m.rules[ri]; m.seen[ri] != m.stamp && cr.filters(n) {
				m.seen[ri] = m.stamp
				found(cr, cr.tagNote)
			}
		}
	}
}

// matches reports whether glob gi matches id, whose first n bytes are the
// glob's literal prefix.
func (cr *compiledRule) matches(gi int, id string, n int) bool {
	g := cr.globs[gi]
	if cr.literal[gi] {
		return g == id
	}
	return strings.Contains(id[n:], cr.chunk[gi]) && doublestar.MatchUnvalidated(g, id)
}

// filters reports whether n passes the rule's kind, type and tag filters.
func (cr *compiledRule) filters(n graph.Node) bool {
	if (cr.kind != "" && n.Kind != cr.kind) || (cr.typ != "" && n.Type != cr.typ) {
		return false
	}
	if cr.tagAttr != "" {
		v, ok := n.Attrs[cr.tagAttr]
		return ok && v == cr.tagValue
	}
	return true
}

// literalPrefix returns the text every ID the glob matches starts with: the
// glob up to its first wildcard, unescaped, less any trailing "/" (since
// "a/**" matches "a" too).
func literalPrefix(glob string) string {
	var sb strings.Builder
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch c {
		case '*', '?', '[', '{':
			return strings.TrimRight(sb.String(), "/")
		case '\\':
			if i+1 < len(glob) {
				i++
				c = glob[i]
			}
		}
		sb.WriteByte(c)
	}
	return strings.TrimRight(sb.String(), "/")
}

// requiredChunk returns the longest literal run of the glob after its first
// wildcard, less "/" at its ends (a "/**/" may match a single "/" or
// nothing). Every ID the glob matches holds it after the literal prefix.
func requiredChunk(glob string) string {
	var best string
	var run strings.Builder
	flush := func() {
		if c := strings.Trim(run.String(), "/"); len(c) > len(best) {
			best = c
		}
		run.Reset()
	}
	wild := false
	for i := 0; i < len(glob); i++ {
		switch c := glob[i]; c {
		case '*', '?':
			wild = true
			flush()
		case '[', '{':
			wild = true
			flush()
			i = closing(glob, i)
		case '\\':
			if i+1 < len(glob) {
				i++
			}
			if wild {
				run.WriteByte(glob[i])
			}
		default:
			if wild {
				run.WriteByte(c)
			}
		}
	}
	flush()
	return best
}

// closing returns the index of the "]" or "}" that closes the class or
// alternation opening at i, or the last index when there is none. A class
// ends at its first "]" (classes do not nest); an alternation skips the
// classes inside it whole, so "{[}]}" is one alternation.
func closing(glob string, i int) int {
	if glob[i] == '[' {
		for i++; i < len(glob); i++ {
			switch glob[i] {
			case '\\':
				i++
			case ']':
				return i
			}
		}
		return len(glob) - 1
	}
	depth := 0
	for ; i < len(glob); i++ {
		switch glob[i] {
		case '\\':
			i++
		case '[':
			i = closing(glob, i)
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return len(glob) - 1
}
