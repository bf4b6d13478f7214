package shellcmd

import "strings"

// word is one shell word: its text with quotes and escapes removed, and
// the byte span of its raw spelling in the scanned text.
type word struct {
	text     string
	pos, end int
}

// raw returns the word as written.
func (w word) raw(src string) string { return src[w.pos:w.end] }

// span is a region of the text to scan on its own: the inside of $(…)
// or `…`.
type span struct{ start, end int }

// lex splits src into simple commands (at ; & && || | newlines and
// parentheses) made of words, and returns the command substitutions it
// met for a separate scan. It never fails: an unterminated quote or
// substitution runs to the end of the text, as a tolerant reader of
// configuration should.
func lex(src string) (cmds [][]word, subs []span) {
	var cur []word
	var sb strings.Builder
	start, inWord := 0, false
	flushWord := func(end int) {
		if inWord {
			cur = append(cur, word{text: sb.String(), pos: start, end: end})
		}
		sb.Reset()
		inWord = false
	}
	flushCmd := func() {
		if len(cur) > 0 {
			cmds = append(cmds, cur)
		}
		cur = nil
	}
	begin := func(i int) {
		if !inWord {
			start, inWord = i, true
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			flushWord(i)
			i++
		case c == '#' && !inWord:
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '&' && (i > 0 && src[i-1] == '>' || i+1 < len(src) && src[i+1] == '>'):
			begin(i)
			sb.WriteByte(c)
			i++
		case c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')':
			flushWord(i)
			flushCmd()
			i++
		case c == '\\':
			begin(i)
			if i+1 < len(src) {
				if src[i+1] != '\n' {
					sb.WriteByte(src[i+1])
				}
				i += 2
			} else {
				i++
			}
		case c == '\'':
			begin(i)
			j := strings.IndexByte(src[i+1:], '\'')
			if j < 0 {
				sb.WriteString(src[i+1:])
				i = len(src)
			} else {
				sb.WriteString(src[i+1 : i+1+j])
				i += j + 2
			}
		case c == '"':
			begin(i)
			i = doubleQuoted(src, i+1, &sb, &subs)
		case c == '$' && i+1 < len(src) && src[i+1] == '(':
			begin(i)
			end := matchParen(src, i+2)
			subs = append(subs, span{i + 2, end})
			sb.WriteString(src[i:min(end+1, len(src))])
			i = end + 1
		case c == '`':
			begin(i)
			j := strings.IndexByte(src[i+1:], '`')
			end := len(src)
			if j >= 0 {
				end = i + 1 + j
			}
			subs = append(subs, span{i + 1, end})
			sb.WriteString(src[i:min(end+1, len(src))])
			i = end + 1
		default:
			begin(i)
			sb.WriteByte(c)
			i++
		}
	}
	flushWord(len(src))
	flushCmd()
	return cmds, subs
}

// doubleQuoted reads a "…" string from i (after the opening quote) into
// sb and returns the index after the closing quote.
func doubleQuoted(src string, i int, sb *strings.Builder, subs *[]span) int {
	for i < len(src) {
		c := src[i]
		switch {
		case c == '"':
			return i + 1
		case c == '\\' && i+1 < len(src) && strings.IndexByte("$`\"\\\n", src[i+1]) >= 0:
			if src[i+1] != '\n' {
				sb.WriteByte(src[i+1])
			}
			i += 2
		case c == '$' && i+1 < len(src) && src[i+1] == '(':
			end := matchParen(src, i+2)
			*subs = append(*subs, span{i + 2, end})
			sb.WriteString(src[i:min(end+1, len(src))])
			i = end + 1
		case c == '`':
			j := strings.IndexByte(src[i+1:], '`')
			end := len(src)
			if j >= 0 {
				end = i + 1 + j
			}
			*subs = append(*subs, span{i + 1, end})
			sb.WriteString(src[i:min(end+1, len(src))])
			i = end + 1
		default:
			sb.WriteByte(c)
			i++
		}
	}
	return i
}

// matchParen returns the index of the ) closing a $( whose inside starts
// at i, skipping quoted text; len(src) when there is none.
func matchParen(src string, i int) int {
	depth := 1
	for i < len(src) {
		switch src[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		case '\'':
			if j := strings.IndexByte(src[i+1:], '\''); j >= 0 {
				i += j + 1
			}
		case '\\':
			i++
		}
		i++
	}
	return len(src)
}
