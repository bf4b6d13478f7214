package graph

import (
	"fmt"
	"strconv"
)

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
