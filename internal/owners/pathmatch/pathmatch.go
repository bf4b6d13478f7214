// Package pathmatch matches repository paths against CODEOWNERS patterns
// the way GitHub and GitLab do: gitignore-style patterns, the last matching
// rule wins, and (for GitLab) each section is decided on its own.
//
// It is a leaf package, so that the codeowners connector (which checks and
// records the rules) and the link rule (which applies them to the nodes of
// other connectors) share one implementation of the semantics.
package pathmatch

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// segKind says how a pattern segment matches one path segment.
type segKind uint8

const (
	literal  segKind = iota // compare
	star                    // the segment is exactly "*": one segment
	glob                    // holds * ? or \ : wildcard match within a segment
	anyDepth                // "**": zero or more segments (one or more at the end)
)

type seg struct {
	kind segKind
	text string
}

// Pattern is one compiled CODEOWNERS pattern.
type Pattern struct {
	raw  string
	segs []seg
	// first is the literal first segment of an anchored pattern, which lets
	// a Matcher skip the pattern for paths that start elsewhere.
	first string
	none  bool // "/" matches nothing, as on GitHub
	stars int  // how many "**" segments
}

// The errors of Compile. They are the gitignore features GitHub documents
// as not working in CODEOWNERS; GitHub skips such lines.
var (
	ErrNegation = errors.New("\"!\" negation is not supported in CODEOWNERS")
	ErrRange    = errors.New("\"[ ]\" character ranges are not supported in CODEOWNERS")
	ErrEscape   = errors.New("a pattern starting with \"\\#\" (escaped comment) is not supported in CODEOWNERS")
	ErrStars    = errors.New("three or more \"*\" in a row are not a valid pattern")
	ErrEmpty    = errors.New("empty pattern")
)

// Compile reads one pattern. The rules, as GitHub documents them:
//   - a leading "/" anchors the pattern at the repository root, as does a
//     "/" in its middle; a pattern of one segment ("*.js", "apps/") matches
//     at any depth;
//   - "*" matches within one segment, "?" one character, "\" escapes;
//   - "**" matches any number of segments: "**/logs", "a/**/b", "docs/**";
//   - a trailing "/" matches only what is inside the folder;
//   - a pattern matches a path or anything under it, except that a final
//     segment of exactly "*" ("docs/*") matches direct children only.
func Compile(pattern string) (*Pattern, error) {
	switch {
	case pattern == "":
		return nil, ErrEmpty
	case strings.HasPrefix(pattern, "!"):
		return nil, ErrNegation
	case strings.HasPrefix(pattern, `\#`):
		return nil, ErrEscape
	case strings.ContainsAny(pattern, "[]"):
		return nil, ErrRange
	case strings.Contains(pattern, "***"):
		return nil, ErrStars
	case pattern == "/":
		return &Pattern{raw: pattern, none: true}, nil
	}
	parts := strings.Split(pattern, "/")
	anchored := parts[0] == ""
	if anchored {
		parts = parts[1:]
	} else if (len(parts) == 1 || (len(parts) == 2 && parts[1] == "")) && parts[0] != "**" {
		parts = append([]string{"**"}, parts...)
	}
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts[len(parts)-1] = "**"
	}
	p := &Pattern{raw: pattern}
	for _, s := range parts {
		if s == "" { // "a//b": git collapses repeated slashes
			continue
		}
		sg := compileSeg(s)
		if n := len(p.segs); sg.kind == anyDepth && n > 0 && p.segs[n-1].kind == anyDepth {
			continue // "**/**" is "**"
		}
		if sg.kind == anyDepth {
			p.stars++
		}
		p.segs = append(p.segs, sg)
	}
	if len(p.segs) == 0 {
		return &Pattern{raw: pattern, none: true}, nil
	}
	if p.segs[0].kind == literal {
		p.first = p.segs[0].text
	}
	return p, nil
}

func compileSeg(s string) seg {
	// A backslash that escapes nothing, at the end of a segment (`docs\/`),
	// is dropped, as the reference rules read it.
	if n := len(s) - len(strings.TrimRight(s, `\`)); n%2 == 1 {
		s = s[:len(s)-1]
	}
	switch {
	case s == "**":
		return seg{kind: anyDepth}
	case s == "*":
		return seg{kind: star}
	case strings.ContainsAny(s, `*?\`):
		return seg{kind: glob, text: s}
	}
	return seg{kind: literal, text: s}
}

// String returns the pattern as written.
func (p *Pattern) String() string { return p.raw }

// Match reports whether the slash-separated path, relative to the
// repository root and without a leading "/", is matched.
func (p *Pattern) Match(path string) bool {
	return p.matchSegs(split(path))
}

func (p *Pattern) matchSegs(path []string) bool {
	if p.none || len(path) == 0 {
		return false
	}
	if p.stars > 1 {
		return matchTable(p.segs, path)
	}
	return matchFrom(p.segs, path)
}

// matchTable is matchFrom by dynamic programming, for patterns with more
// than one "**": backtracking over several would take time growing as a
// power of the path's depth, and CODEOWNERS files are written by anyone who
// can push to a repository.
func matchTable(ps []seg, path []string) bool {
	n := len(path)
	// ok[j] holds, for the pattern suffix ps[i:], whether it matches
	// path[j:]; computed from the last pattern segment backwards.
	ok := make([]bool, n+1)
	next := make([]bool, n+1)
	ok[n] = true // the empty pattern matches the empty path
	for i := len(ps) - 1; i >= 0; i-- {
		s, last := ps[i], i == len(ps)-1
		for j := n; j >= 0; j-- {
			var v bool
			switch {
			case s.kind == anyDepth && last:
				v = j < n
			case s.kind == anyDepth:
				v = ok[j] || (j < n && next[j+1])
			case j == n || !s.match(path[j]):
				v = false
			case last:
				v = s.kind != star || j == n-1
			default:
				v = ok[j+1]
			}
			next[j] = v
		}
		ok, next = next, ok
	}
	return ok[0]
}

func split(path string) []string {
	path = strings.Trim(path, "/")
	if path == "" {
		return nil
	}
	return strings.Split(path, "/")
}

func matchFrom(ps []seg, path []string) bool {
	for len(ps) > 0 {
		s, last := ps[0], len(ps) == 1
		if s.kind == anyDepth {
			if last {
				return len(path) >= 1
			}
			for i := 0; i <= len(path); i++ {
				if matchFrom(ps[1:], path[i:]) {
					return true
				}
			}
			return false
		}
		if len(path) == 0 || !s.match(path[0]) {
			return false
		}
		if last {
			// "docs/*" stops at direct children; any other final segment
			// also matches what lies under it.
			return s.kind != star || len(path) == 1
		}
		ps, path = ps[1:], path[1:]
	}
	return len(path) == 0
}

func (s seg) match(name string) bool {
	switch s.kind {
	case literal:
		return s.text == name
	case star:
		return name != ""
	}
	return wildcard(s.text, name)
}

// wildcard matches one segment: "*" any run, "?" one character (a UTF-8
// rune, as GitHub and GitLab match names), "\x" x.
func wildcard(pat, s string) bool {
	p, i, starP, mark := 0, 0, -1, 0
	for i < len(s) {
		if p < len(pat) {
			switch c := pat[p]; {
			case c == '*':
				starP, mark = p, i
				p++
				continue
			case c == '?':
				_, w := utf8.DecodeRuneInString(s[i:])
				p++
				i += w
				continue
			case c == '\\' && p+1 < len(pat) && pat[p+1] == s[i]:
				p += 2
				i++
				continue
			case c != '\\' && c == s[i]:
				p++
				i++
				continue
			}
		}
		if starP < 0 {
			return false
		}
		p = starP + 1
		_, w := utf8.DecodeRuneInString(s[mark:])
		mark += w
		i = mark
	}
	for p < len(pat) && pat[p] == '*' {
		p++
	}
	return p == len(pat)
}
