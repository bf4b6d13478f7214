package graph

import (
	"encoding/json"
	"fmt"
	"io"
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
