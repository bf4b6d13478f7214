package link

import (
	"encoding/json"
	"strings"
)

// awsLike matches s against an IAM StringLike pattern: `*` matches any run
// of characters (also none, also `/` and `:`), `?` exactly one, everything
// else itself, case-sensitively.
func awsLike(pattern, s string) bool {
	// Iterative wildcard match with backtracking to the last star.
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
			p = star + 1
			mark++
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

// values reads an attribute holding one value or a JSON list of values, as
// connectors write multi-valued attributes.
func values(attr string) []string {
	if attr == "" {
		return nil
	}
	if strings.HasPrefix(attr, "[") {
		var list []string
		if json.Unmarshal([]byte(attr), &list) == nil {
			return list
		}
	}
	return []string{attr}
}

// matchCondition reports which of the condition's values admits s, under
// the IAM operator (StringEquals, StringLike, their ForAnyValue: forms, and
// their IgnoreCase variants).
func matchCondition(operator string, patterns []string, s string) (string, bool) {
	op := strings.TrimPrefix(strings.TrimPrefix(operator, "ForAnyValue:"), "ForAllValues:")
	for _, p := range patterns {
		switch {
		case strings.HasPrefix(op, "StringLike"):
			if awsLike(p, s) {
				return p, true
			}
		case op == "StringEqualsIgnoreCase":
			if strings.EqualFold(p, s) {
				return p, true
			}
		default: // StringEquals and anything unknown: exact
			if p == s {
				return p, true
			}
		}
	}
	return "", false
}
