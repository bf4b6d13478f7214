package pathmatch

import (
	"slices"
	"strings"
)

// Rule is one CODEOWNERS line: a pattern and its owners. A rule without
// owners takes ownership away from the paths it matches, as on GitHub.
type Rule struct {
	Pattern string
	Owners  []string
	// Section is the GitLab section the rule is in ("" before any, and
	// always on GitHub); sections are compared without case.
	Section string
	Line    int
}

// Matcher finds the rule that decides a path's owners in each section.
type Matcher struct {
	rules    []Rule
	compiled []*Pattern
	sections []string // in order of first appearance, lower-cased
	secOf    []int    // section index of each rule
	// index files each section's rules so that a path meets only the rules
	// that could match it.
	index []*index
}

// index holds rule numbers in ascending order under a key every path the
// rule matches must have: an anchored rule under its literal first
// segment, else under any literal segment (the path holds that segment),
// else a "*.ext" segment under its extension; general holds the rest.
type index struct {
	byFirst map[string][]int32
	bySeg   map[string][]int32
	byExt   map[string][]int32
	general []int32
}

func newIndex() *index {
	return &index{byFirst: map[string][]int32{}, bySeg: map[string][]int32{}, byExt: map[string][]int32{}}
}

func (ix *index) add(p *Pattern, i int32) {
	if p.first != "" {
		ix.byFirst[p.first] = append(ix.byFirst[p.first], i)
		return
	}
	for _, s := range p.segs {
		if s.kind == literal {
			ix.bySeg[s.text] = append(ix.bySeg[s.text], i)
			return
		}
	}
	for _, s := range p.segs {
		if ext, ok := extOf(s); ok {
			ix.byExt[ext] = append(ix.byExt[ext], i)
			return
		}
	}
	ix.general = append(ix.general, i)
}

// extOf returns x for a segment "*.x" where x is plain text without a dot.
func extOf(s seg) (string, bool) {
	if s.kind != glob || !strings.HasPrefix(s.text, "*.") {
		return "", false
	}
	x := s.text[2:]
	if x == "" || strings.ContainsAny(x, `*?\.`) {
		return "", false
	}
	return x, true
}

// candidates returns the numbers of the rules that could match the path,
// in descending order, without repeats.
func (ix *index) candidates(segs []string, buf []int32) []int32 {
	buf = append(buf[:0], ix.general...)
	buf = append(buf, ix.byFirst[segs[0]]...)
	for _, s := range segs {
		buf = append(buf, ix.bySeg[s]...)
		if dot := strings.LastIndexByte(s, '.'); dot >= 0 {
			buf = append(buf, ix.byExt[s[dot+1:]]...)
		}
	}
	slices.Sort(buf)
	buf = slices.Compact(buf)
	slices.Reverse(buf)
	return buf
}

// NewMatcher compiles the rules. A rule whose pattern does not compile is
// left out; its index and error are returned so the caller can report the
// line.
func NewMatcher(rules []Rule) (*Matcher, map[int]error) {
	m := &Matcher{rules: rules, compiled: make([]*Pattern, len(rules)), secOf: make([]int, len(rules))}
	var bad map[int]error
	secIdx := map[string]int{}
	for i, r := range rules {
		key := strings.ToLower(r.Section)
		si, ok := secIdx[key]
		if !ok {
			si = len(m.sections)
			secIdx[key] = si
			m.sections = append(m.sections, key)
			m.index = append(m.index, newIndex())
		}
		m.secOf[i] = si
		p, err := Compile(r.Pattern)
		if err != nil {
			if bad == nil {
				bad = map[int]error{}
			}
			bad[i] = err
			continue
		}
		m.compiled[i] = p
		m.index[si].add(p, int32(i))
	}
	return m, bad
}

// Match returns, for each section in order of first appearance, the last
// rule that matches path, if any. On GitHub there is one section, so the
// result has at most one rule: the last matching line wins. On GitLab the
// owners of a path are those of every section's winning rule together.
func (m *Matcher) Match(path string) []Rule {
	segs := split(path)
	if len(segs) == 0 {
		return nil
	}
	var out []Rule
	var buf [32]int32
	for _, ix := range m.index {
		for _, i := range ix.candidates(segs, buf[:0]) {
			if m.compiled[i].matchSegs(segs) {
				out = append(out, m.rules[i])
				break
			}
		}
	}
	return out
}

// Owners returns the owners of path, every section's together, without
// repeats, in rule order.
func (m *Matcher) Owners(path string) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range m.Match(path) {
		for _, o := range r.Owners {
			if !seen[o] {
				seen[o] = true
				out = append(out, o)
			}
		}
	}
	return out
}
