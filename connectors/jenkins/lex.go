package jenkins

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the class of a Groovy token, as far as the scanner needs it.
type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tString
	tNumber
	tPunct
)

// token is one lexical unit of a Jenkinsfile. For strings, text is the
// value without quotes (escapes kept as written) and interp says whether a
// GString holds ${…} or $name interpolation, whose value the file does not
// fix. nl is set when a line break precedes the token, which ends Groovy's
// paren-less command calls (cron 'H 4 * * *').
type token struct {
	kind   tokKind
	text   string
	line   int
	nl     bool
	interp bool
}

// ParseError is the place a Jenkinsfile could not be read past: an
// unterminated string or comment, an unbalanced bracket.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// operators are the multi-character operators kept as one token, longest
// first, so that == is never read as an assignment.
var operators = []string{"==~", "<=>", "?.", "*.", "==", "!=", "<=", ">=", "=~", "->", "&&", "||", "<<", ">>", "++", "--", "+=", "-=", "*=", "/=", "?:", "..", "::", "**"}

// lex splits src into tokens. On an unterminated string or comment it
// returns the tokens read so far and the error, so that what was recognised
// before still counts.
func lex(src string) ([]token, *ParseError) {
	l := &lexer{src: src, line: 1}
	if strings.HasPrefix(src, "#!") { // a shebang line
		for l.pos < len(src) && src[l.pos] != '\n' {
			l.pos++
		}
	}
	for {
		if err := l.next(); err != nil {
			return l.toks, err
		}
		if l.done {
			return l.toks, nil
		}
	}
}

type lexer struct {
	src  string
	pos  int
	line int
	nl   bool
	toks []token
	done bool
}

func (l *lexer) emit(k tokKind, text string, line int, interp bool) {
	l.toks = append(l.toks, token{kind: k, text: text, line: line, nl: l.nl, interp: interp})
	l.nl = false
}

// valueBefore reports whether the last token ends a value, after which a
// slash divides rather than opening a slashy string.
func (l *lexer) valueBefore() bool {
	if len(l.toks) == 0 {
		return false
	}
	t := l.toks[len(l.toks)-1]
	switch t.kind {
	case tIdent, tString, tNumber:
		return t.text != "return" && t.text != "case"
	case tPunct:
		return t.text == ")" || t.text == "]" || t.text == "}"
	}
	return false
}

func (l *lexer) next() *ParseError {
	s := l.src
	for l.pos < len(s) {
		c := s[l.pos]
		switch {
		case c == '\n':
			l.line++
			l.nl = true
			l.pos++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			l.pos++
		case c == '\\' && l.pos+1 < len(s) && (s[l.pos+1] == '\n' || s[l.pos+1] == '\r'):
			l.pos++ // a line continuation
		case strings.HasPrefix(s[l.pos:], "//"):
			for l.pos < len(s) && s[l.pos] != '\n' {
				l.pos++
			}
		case strings.HasPrefix(s[l.pos:], "/*"):
			start := l.line
			end := strings.Index(s[l.pos+2:], "*/")
			if end < 0 {
				return &ParseError{start, "block comment /* is never closed"}
			}
			l.line += strings.Count(s[l.pos:l.pos+2+end], "\n")
			l.pos += end + 4
		default:
			return l.token()
		}
	}
	l.done = true
	return nil
}

func (l *lexer) token() *ParseError {
	s := l.src
	c := s[l.pos]
	start := l.line
	switch {
	case strings.HasPrefix(s[l.pos:], `"""`), strings.HasPrefix(s[l.pos:], `'''`):
		return l.quoted(s[l.pos:l.pos+3], true)
	case c == '"' || c == '\'':
		return l.quoted(s[l.pos:l.pos+1], false)
	case strings.HasPrefix(s[l.pos:], "$/"):
		end := strings.Index(s[l.pos+2:], "/$")
		if end < 0 {
			return &ParseError{start, "dollar-slashy string $/ is never closed"}
		}
		body := s[l.pos+2 : l.pos+2+end]
		l.pos += end + 4
		l.line += strings.Count(body, "\n")
		l.emit(tString, body, start, strings.Contains(body, "$"))
	case c == '/' && !l.valueBefore() && l.pos+1 < len(s) && s[l.pos+1] != ' ' && s[l.pos+1] != '=':
		return l.slashy()
	case c == '$' || c == '_' || c < utf8.RuneSelf && (c|0x20 >= 'a' && c|0x20 <= 'z'):
		j := l.pos
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if r != '$' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += n
		}
		if j == l.pos {
			j++
		}
		l.emit(tIdent, s[l.pos:j], start, false)
		l.pos = j
	case c >= '0' && c <= '9':
		j := l.pos
		for j < len(s) && (isAlnum(s[j]) || s[j] == '.' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9') {
			j++
		}
		l.emit(tNumber, s[l.pos:j], start, false)
		l.pos = j
	default:
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[l.pos:])
			if unicode.IsLetter(r) {
				j := l.pos + n
				for j < len(s) {
					r, n := utf8.DecodeRuneInString(s[j:])
					if r != '$' && r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
						break
					}
					j += n
				}
				l.emit(tIdent, s[l.pos:j], start, false)
				l.pos = j
				return nil
			}
			l.pos += n
			return nil
		}
		for _, op := range operators {
			if strings.HasPrefix(s[l.pos:], op) {
				l.emit(tPunct, op, start, false)
				l.pos += len(op)
				return nil
			}
		}
		l.emit(tPunct, s[l.pos:l.pos+1], start, false)
		l.pos++
	}
	return nil
}

func isAlnum(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
}

// quoted reads a string opened by q (', ", ”' or """). Double-quoted ones
// are GStrings: ${…} may nest braces and strings of its own.
func (l *lexer) quoted(q string, triple bool) *ParseError {
	s := l.src
	start := l.line
	l.pos += len(q)
	gstring := q[0] == '"'
	interp := false
	var sb strings.Builder
	for l.pos < len(s) {
		c := s[l.pos]
		switch {
		case c == '\\' && l.pos+1 < len(s):
			if s[l.pos+1] == '\n' {
				l.line++
			}
			sb.WriteString(s[l.pos : l.pos+2])
			l.pos += 2
			continue
		case strings.HasPrefix(s[l.pos:], q):
			l.pos += len(q)
			l.emit(tString, sb.String(), start, interp)
			return nil
		case c == '\n':
			if !triple {
				return &ParseError{start, "string opened with " + q + " is not closed on its line"}
			}
			l.line++
		case gstring && c == '$' && l.pos+1 < len(s) && s[l.pos+1] == '{':
			interp = true
			end := l.interpolation(l.pos + 2)
			if end < 0 {
				return &ParseError{start, "${ in a string is never closed"}
			}
			sb.WriteString(s[l.pos:end])
			l.line += strings.Count(s[l.pos:end], "\n")
			l.pos = end
			continue
		case gstring && c == '$' && l.pos+1 < len(s) && (isAlnum(s[l.pos+1]) && !(s[l.pos+1] >= '0' && s[l.pos+1] <= '9')):
			interp = true
		}
		sb.WriteByte(c)
		l.pos++
	}
	return &ParseError{start, "string opened with " + q + " is never closed"}
}

// interpolation finds the end of a ${…} whose body starts at i, skipping
// nested braces and quoted strings; -1 when it never closes.
func (l *lexer) interpolation(i int) int {
	s := l.src
	depth := 1
	for i < len(s) {
		switch c := s[i]; c {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i + 1
			}
		case '\'', '"':
			j := i + 1
			for j < len(s) && s[j] != c && s[j] != '\n' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		}
		i++
	}
	return -1
}

// slashy reads a /regex/ string. It ends at an unescaped slash on the same
// line; a slash with no partner is taken as division instead.
func (l *lexer) slashy() *ParseError {
	s := l.src
	j := l.pos + 1
	for j < len(s) && s[j] != '/' && s[j] != '\n' {
		if s[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(s) || s[j] != '/' {
		l.emit(tPunct, "/", l.line, false)
		l.pos++
		return nil
	}
	body := s[l.pos+1 : j]
	l.emit(tString, body, l.line, strings.Contains(body, "$"))
	l.pos = j + 1
	return nil
}
