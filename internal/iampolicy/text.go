package iampolicy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Text returns the JSON text of a policy document given as a JSON object,
// as a JSON string holding one, or URL-encoded as the IAM API returns it
// (RFC 3986: a space is %20, so a literal + stays a +), bare or within a
// JSON string. A JSON string whose text is not an object is taken to be
// URL-encoded. Empty or null input comes back as it is.
func Text(data []byte) ([]byte, error) {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return data, nil
	case data[0] == '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("policy document: %w", err)
		}
		if s = strings.TrimSpace(s); strings.HasPrefix(s, "{") {
			return []byte(s), nil
		}
		return unescape(s)
	case data[0] == '%':
		return unescape(string(data))
	}
	return data, nil
}

func unescape(s string) ([]byte, error) {
	u, err := url.PathUnescape(s)
	if err != nil {
		return nil, fmt.Errorf("policy document is neither JSON nor URL-encoded JSON: %w", err)
	}
	return []byte(u), nil
}

// label is Version or Sid: a string as written; a value of another type
// is only a label and reads as empty, not as an error.
type label string

// UnmarshalJSON implements json.Unmarshaler.
func (l *label) UnmarshalJSON(data []byte) error {
	*l = ""
	if len(data) < 2 || data[0] != '"' {
		return nil
	}
	if bytes.IndexByte(data, '\\') < 0 && utf8.Valid(data) { // as written
		*l = label(data[1 : len(data)-1])
		return nil
	}
	var s string
	if json.Unmarshal(data, &s) == nil {
		*l = label(s)
	}
	return nil
}
