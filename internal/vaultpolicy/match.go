package vaultpolicy

import (
	"slices"
	"strings"
)

// Capabilities returns what p allows on path (a request path without a
// leading "/"), choosing among p's rules exactly as Vault's ACL does:
//
//  1. a rule naming path exactly wins outright;
//  2. otherwise, among the prefix ("*") rules only the longest matching
//     prefix counts, and it competes with every matching "+" rule; the
//     winner is, in order: the one whose first "+" or "*" comes later;
//     one that is not a prefix over one that is; fewer "+" segments; the
//     longer path; the lexicographically greater path.
//
// Deny is absolute within the winning rule: its capabilities are then
// ["deny"]. nil means no rule matches (Vault's default deny).
func (p *Policy) Capabilities(path string) []string {
	var longest *Rule
	type cand struct {
		r         *Rule
		first     int
		prefix    bool
		wildcards int
		wcPath    string
	}
	var cands []cand
	for i := range p.Rules {
		r := &p.Rules[i]
		switch {
		case !r.Prefix && !r.Segment:
			if r.Path == path {
				return r.Caps
			}
		case !r.Segment:
			if strings.HasPrefix(path, r.Path) && (longest == nil || len(r.Path) > len(longest.Path)) {
				longest = r
			}
		default:
			if c, ok := segmentMatch(r.Path, path); ok {
				cands = append(cands, cand{r: r, first: strings.Index(r.Path, "+"), prefix: c.prefix, wildcards: c.wildcards, wcPath: c.wcPath})
			}
		}
	}
	if longest != nil {
		cands = append(cands, cand{r: longest, first: len(longest.Path), prefix: true, wcPath: longest.Path})
	}
	if len(cands) == 0 {
		return nil
	}
	best := slices.MaxFunc(cands, func(a, b cand) int {
		switch {
		case a.first != b.first:
			return a.first - b.first
		case a.prefix != b.prefix:
			if a.prefix {
				return -1
			}
			return 1
		case a.wildcards != b.wildcards:
			return b.wildcards - a.wildcards
		case len(a.wcPath) != len(b.wcPath):
			return len(a.wcPath) - len(b.wcPath)
		}
		return strings.Compare(a.wcPath, b.wcPath)
	})
	return best.r.Caps
}

type segMatch struct {
	prefix    bool
	wildcards int
	wcPath    string
}

// segmentMatch matches a "+" rule (trailing "*" kept) against path the way
// Vault's CheckAllowedFromNonExactPaths does for a non-bare-mount request.
func segmentMatch(rule, path string) (segMatch, bool) {
	m := segMatch{wcPath: rule}
	if strings.HasSuffix(rule, "*") {
		m.prefix = true
		m.wcPath = strings.TrimSuffix(rule, "*")
	}
	ruleParts := strings.Split(m.wcPath, "/")
	pathParts := strings.Split(path, "/")
	if len(pathParts) < len(ruleParts) || (!m.prefix && len(ruleParts) != len(pathParts)) {
		return m, false
	}
	for i, part := range ruleParts {
		switch {
		case part == "+":
			m.wildcards++
		case part == pathParts[i]:
		case m.prefix && i == len(ruleParts)-1 && strings.HasPrefix(pathParts[i], part):
		default:
			return m, false
		}
	}
	return m, true
}

// Allows reports whether p grants capability c on path (deny excluded).
func (p *Policy) Allows(path, c string) bool {
	caps := p.Capabilities(path)
	return !slices.Contains(caps, "deny") && slices.Contains(caps, c)
}
