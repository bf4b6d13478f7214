package graph

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// scanner reads JSON from a stream through a buffer of its own, one token
// at a time, counting lines as it skips whitespace, so that an error can
// name its line without the file being held. It knows just enough JSON for
// the graph file and for skipping members it does not know; strings with
// escapes or non-ASCII bytes are unquoted by encoding/json, so they decode
// exactly as before.
type scanner struct {
	r    io.Reader
	buf  []byte
	pos  int
	line int // the line of buf[pos], 1-based
	eof  bool
	err  error // of the reader, not of the JSON
}

const scanChunk = 1 << 18

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 0, scanChunk), line: 1}
}

// fill reads more input, keeping buf[keep:], which moves to the front. It
// returns how far everything moved, and false when there is no more.
func (s *scanner) fill(keep int) (int, bool) {
	if s.eof || s.err != nil {
		return 0, false
	}
	n := copy(s.buf[:cap(s.buf)], s.buf[keep:])
	s.buf = s.buf[:n]
	s.pos -= keep
	if cap(s.buf)-n < scanChunk/2 {
		s.buf = append(make([]byte, 0, 2*cap(s.buf)), s.buf...)
	}
	for {
		m, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+m]
		if err == io.EOF {
			s.eof = true
		} else if err != nil {
			s.err = err
		}
		if m > 0 || s.eof || s.err != nil {
			return keep, m > 0
		}
	}
}

// peek skips whitespace and returns the next byte, or 0 at the end.
func (s *scanner) peek() byte {
	for {
		for s.pos < len(s.buf) {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\r':
				s.pos++
			case '\n':
				s.line++
				s.pos++
			default:
				return c
			}
		}
		if _, ok := s.fill(s.pos); !ok {
			return 0
		}
	}
}

// syntaxError reports an unexpected byte (0: the end of the input).
type syntaxError struct{ msg string }

func (e *syntaxError) Error() string { return e.msg }

func (s *scanner) unexpected(c byte, want string) error {
	if c == 0 && s.pos >= len(s.buf) {
		if s.err != nil {
			return s.err
		}
		return &syntaxError{"unexpected end of JSON input"}
	}
	return &syntaxError{fmt.Sprintf("invalid character %q looking for %s", c, want)}
}

// typeError reports a value of the wrong JSON type.
func typeError(found byte, field, want string) error {
	kind := map[byte]string{'"': "string", '{': "object", '[': "array", 't': "bool", 'f': "bool", 'n': "null"}[found]
	if kind == "" {
		kind = "number"
	}
	return &syntaxError{fmt.Sprintf("json: cannot unmarshal %s into %q: want %s", kind, field, want)}
}

// expect consumes c after whitespace.
func (s *scanner) expect(c byte, want string) error {
	if got := s.peek(); got != c {
		return s.unexpected(got, want)
	}
	s.pos++
	return nil
}

// literal consumes true, false or null.
func (s *scanner) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if s.pos >= len(s.buf) {
			if _, ok := s.fill(s.pos); !ok {
				return s.unexpected(0, "a literal")
			}
		}
		if s.buf[s.pos] != word[i] {
			return &syntaxError{fmt.Sprintf("invalid character %q in literal %s (expecting %q)", s.buf[s.pos], word, word[i])}
		}
		s.pos++
	}
	return nil
}

// rawString returns the bytes of the string at the cursor, without its
// quotes, and whether they need unquoting. The bytes are valid until the
// next read.
func (s *scanner) rawString() ([]byte, bool, error) {
	if err := s.expect('"', "beginning of a string"); err != nil {
		return nil, false, err
	}
	start, slow, esc := s.pos, false, false
	for {
		for ; s.pos < len(s.buf); s.pos++ {
			c := s.buf[s.pos]
			switch {
			case esc:
				esc = false
			case c == '"':
				s.pos++
				return s.buf[start : s.pos-1], slow, nil
			case c == '\\':
				esc, slow = true, true
			case c < 0x20:
				if c == '\n' {
					s.line++ // where a whole-file decoder would put it
				}
				return nil, false, &syntaxError{fmt.Sprintf("invalid character %q in string literal", c)}
			case c >= 0x80:
				slow = true
			}
		}
		moved, ok := s.fill(start)
		start -= moved
		if !ok {
			return nil, false, s.unexpected(0, "the end of a string")
		}
	}
}

// str reads a string; in, when not nil, keeps one copy of each value.
func (s *scanner) str(in *interner) (string, error) {
	b, slow, err := s.rawString()
	if err != nil {
		return "", err
	}
	if slow {
		return unquote(b)
	}
	if in != nil {
		return in.bytes(b), nil
	}
	return string(b), nil
}

// unquote decodes a string with escapes or non-ASCII bytes as
// encoding/json does, invalid UTF-8 included.
func unquote(b []byte) (string, error) {
	q := make([]byte, 0, len(b)+2)
	q = append(append(append(q, '"'), b...), '"')
	var v string
	if err := json.Unmarshal(q, &v); err != nil {
		return "", &syntaxError{err.Error()}
	}
	return v, nil
}

// optString reads a string or null, for field.
func (s *scanner) optString(field string, in *interner) (string, error) {
	switch c := s.peek(); c {
	case '"':
		return s.str(in)
	case 'n':
		return "", s.literal("null")
	default:
		return "", s.wrongType(c, field, "a string")
	}
}

// wrongType reports a value of the wrong type, after checking that it is
// a value at all: bad syntax is reported as such, as a whole-file decoder
// would.
func (s *scanner) wrongType(c byte, field, want string) error {
	if err := s.skip(); err != nil {
		return err
	}
	return typeError(c, field, want)
}

// number returns the bytes of the number at the cursor.
func (s *scanner) number() ([]byte, error) {
	start := s.pos
	for {
		for ; s.pos < len(s.buf); s.pos++ {
			switch c := s.buf[s.pos]; {
			case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			default:
				return s.checkNumber(s.buf[start:s.pos])
			}
		}
		moved, ok := s.fill(start)
		start -= moved
		if !ok {
			return s.checkNumber(s.buf[start:s.pos])
		}
	}
}

func (s *scanner) checkNumber(b []byte) ([]byte, error) {
	if !validNumber(b) {
		return nil, &syntaxError{fmt.Sprintf("invalid number literal %q", b)}
	}
	return b, nil
}

// validNumber checks JSON's number grammar.
func validNumber(b []byte) bool {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return false
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return false
		}
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	}
	return i == len(b)
}

// int64 reads an integer, or null as 0.
func (s *scanner) int64(field string) (int64, error) {
	c := s.peek()
	switch {
	case c == 'n':
		return 0, s.literal("null")
	case c != '-' && (c < '0' || c > '9'):
		return 0, s.wrongType(c, field, "an integer")
	}
	b, err := s.number()
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return 0, &syntaxError{fmt.Sprintf("json: cannot unmarshal number %s into %q: want an integer", b, field)}
	}
	return v, nil
}

// object calls member for each member of an object, with the cursor on
// its value; member must consume the value. null is an empty object.
func (s *scanner) object(field string, member func(key string) error) error {
	switch c := s.peek(); c {
	case 'n':
		return s.literal("null")
	case '{':
		s.pos++
	default:
		return s.wrongType(c, field, "an object")
	}
	if s.peek() == '}' {
		s.pos++
		return nil
	}
	for {
		b, slow, err := s.rawString()
		if err != nil {
			return err
		}
		key := knownKey(b)
		if slow {
			if key, err = unquote(b); err != nil {
				return err
			}
		}
		if err := s.expect(':', "':' after object key"); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		switch c := s.peek(); c {
		case ',':
			s.pos++
		case '}':
			s.pos++
			return nil
		default:
			return s.unexpected(c, "',' or '}' after object member")
		}
	}
}

// array calls elem for each element of an array, with the cursor on it;
// elem must consume it. null is an empty array.
func (s *scanner) array(field string, elem func() error) error {
	switch c := s.peek(); c {
	case 'n':
		return s.literal("null")
	case '[':
		s.pos++
	default:
		return s.wrongType(c, field, "a list")
	}
	if s.peek() == ']' {
		s.pos++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch c := s.peek(); c {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.unexpected(c, "',' or ']' after array element")
		}
	}
}

// skip consumes any value.
func (s *scanner) skip() error {
	switch c := s.peek(); c {
	case '"':
		_, _, err := s.rawString()
		return err
	case '{':
		return s.object("", func(string) error { return s.skip() })
	case '[':
		return s.array("", s.skip)
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			_, err := s.number()
			return err
		}
		return s.unexpected(c, "beginning of value")
	}
}

// knownKey returns the member names of the format without allocating.
func knownKey(b []byte) string {
	switch string(b) {
	case "id":
		return "id"
	case "kind":
		return "kind"
	case "type":
		return "type"
	case "name":
		return "name"
	case "attrs":
		return "attrs"
	case "schedule":
		return "schedule"
	case "evidence":
		return "evidence"
	case "from":
		return "from"
	case "to":
		return "to"
	case "connector":
		return "connector"
	case "source":
		return "source"
	case "line":
		return "line"
	case "basis":
		return "basis"
	case "note":
		return "note"
	case "observed":
		return "observed"
	}
	return string(b)
}
