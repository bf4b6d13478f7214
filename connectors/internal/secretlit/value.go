package secretlit

import (
	"strings"
	"unicode"

	"github.com/convene-dev/convene/connectors/internal/literal"
)

// placeholders are single words written where a credential goes that
// say something about it instead (an input's documentation, a reusable
// workflow's secrets: inherit).
var placeholders = map[string]bool{"required": true, "optional": true, "changeme": true, "inherit": true}

// Value reports whether a literal could be a credential rather than a
// reference to one: 6 characters or more once trimmed, on one line, no
// space or $ (templates, lists of NAME=path lines), not a path or URL (a
// leading / or ./, or ://; a / inside is base64, as AWS secret keys have),
// a letter, and neither an identifier such as rsa-4096, release-key or
// secret/team/ci (literal.Identifier) nor a placeholder word (required,
// inherit). A single word of letters counts: test tokens (testtoken) are
// credentials written inline all the same.
func Value(v string) bool {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.Contains(v, "://") {
		return false
	}
	return len(v) >= 6 && !strings.ContainsAny(v, " $\n\t") &&
		strings.IndexFunc(v, unicode.IsLetter) >= 0 &&
		!placeholders[strings.ToLower(v)] && !literal.Identifier(v)
}
