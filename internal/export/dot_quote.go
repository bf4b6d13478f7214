package export

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Quoting for DOT. Every string that comes from the graph is quoted here,
// never by the writer: dotID passes through, unchanged, any value that
// already looks like a quoted string ("x", checked with strconv.Unquote) or an
// HTML string (<x>), as gonum's encoder did. Left to dotID, the ID `"x"`
// would name the same Graphviz node as `x`, and an ID such as `<a` would
// break the syntax. So the values below are always complete quoted strings
// that strconv.Unquote accepts, and the writer writes them as they are.

// quoteID quotes a node ID so that it names that ID and nothing else.
//
// In DOT only \" is an escape inside a quoted string: Graphviz keeps every
// other backslash pair as it stands, so strconv.Quote's output is a distinct
// Graphviz node name for every distinct ID, and strconv.Unquote of the DOT
// text gives the ID back. U+FFFD is escaped as well, because gonum's DOT
// parser rejects it raw.
func quoteID(id string) string {
	q := strconv.Quote(id)
	if strings.ContainsRune(q, utf8.RuneError) {
		q = strings.ReplaceAll(q, "\uFFFD", `\ufffd`)
	}
	return q
}

// quoteText quotes s as a Graphviz escString (label, tooltip) that displays
// s: backslashes are doubled, so a name can never bring in Graphviz's \N,
// \G or \l sequences, quotes are escaped, and a newline is a line break.
func quoteText(s string) string {
	v := visible(s)
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for _, r := range v {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// htmlText escapes s for a Graphviz HTML-like label.
func htmlText(s string) string {
	return strings.ReplaceAll(html.EscapeString(visible(s)), "\n", `<br/>`)
}

// visible returns s with what cannot be shown safely spelt as a Go escape:
// control characters other than newline, other unprintable runes, invalid
// UTF-8 and U+FFFD. Graphviz would reject a NUL or invalid UTF-8, and gonum's
// parser rejects U+FFFD; a reviewer should see that such a character is
// there rather than have it vanish.
func visible(s string) string {
	clean := true
	for _, r := range s {
		if r != '\n' && (r == utf8.RuneError || !strconv.IsPrint(r)) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r != '\n' && (r == utf8.RuneError || !strconv.IsPrint(r)):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}
