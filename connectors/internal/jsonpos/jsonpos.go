// Package jsonpos says where in a file an encoding/json error is: the one
// place connectors turn a decoder's byte offset into the line a person can
// open.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Line is the 1-based line of data that a JSON syntax or type error points
// at, or 0 when err carries no offset.
func Line(data []byte, err error) int {
	var off int64
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	default:
		return 0
	}
	off = max(0, min(off, int64(len(data))))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}
