package iampolicy

import (
	"strings"
)

// Tri is a three-valued answer: a statement or condition applies, does not,
// or may, depending on request context convene cannot know.
type Tri int8

// The three answers, ordered so that min is "and" and max is "or".
const (
	No Tri = iota
	Maybe
	Yes
)

// String renders the answer.
func (t Tri) String() string {
	switch t {
	case Yes:
		return "yes"
	case Maybe:
		return "maybe"
	}
	return "no"
}

func and(a, b Tri) Tri { return min(a, b) }
func or(a, b Tri) Tri  { return max(a, b) }
func not(a Tri) Tri    { return Yes - a }

func tri(b bool) Tri {
	if b {
		return Yes
	}
	return No
}

// Match matches IAM's wildcards: * any run of characters (none included),
// ? exactly one. With fold, case is ignored, as it is for actions and
// condition values of the IgnoreCase operators; resources are matched with
// case.
func Match(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	// Iterative glob backtracking to the last star: never exponential.
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// actionIn reports whether any pattern names the action.
func actionIn(patterns []string, action string) bool {
	for _, p := range patterns {
		if Match(p, action, true) {
			return true
		}
	}
	return false
}

// resourceIn reports whether any pattern names the resource. Policy
// variables (${aws:username}) are replaced from ctx; one with no value
// there makes the pattern match as "maybe" where it would match with the
// variable as a wildcard.
func resourceIn(patterns []string, resource string, ctx Context) Tri {
	best := No
	for _, p := range patterns {
		sub, known := substitute(p, ctx)
		if Match(sub, resource, false) {
			if known {
				return Yes
			}
			best = Maybe
		}
	}
	return best
}

// substitute replaces ${key} policy variables with their single value in
// ctx, and the special ${*}, ${?}, ${$} with the literal character. It
// reports false when a variable had no single known value; the variable is
// then replaced by * so the caller can tell "could match".
func substitute(pattern string, ctx Context) (string, bool) {
	if !strings.Contains(pattern, "${") {
		return pattern, true
	}
	var sb strings.Builder
	known := true
	for {
		i := strings.Index(pattern, "${")
		if i < 0 {
			sb.WriteString(pattern)
			break
		}
		j := strings.IndexByte(pattern[i:], '}')
		if j < 0 {
			sb.WriteString(pattern)
			break
		}
		sb.WriteString(pattern[:i])
		name := pattern[i+2 : i+j]
		if def := strings.Index(name, ", '"); def >= 0 { // ${key, 'default'}
			name = name[:def]
		}
		switch name {
		case "*", "?", "$":
			sb.WriteString(name)
		default:
			if v, ok := ctx.Get(name); ok && len(v) == 1 {
				sb.WriteString(v[0])
			} else {
				sb.WriteByte('*')
				known = false
			}
		}
		pattern = pattern[i+j+1:]
	}
	return sb.String(), known
}
