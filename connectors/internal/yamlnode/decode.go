// Package yamlnode is the one YAML reader of the connectors: it decodes a
// file's documents into yaml/v3 node trees, says where a syntax error is
// (the line yaml/v3 means, which is not always the line it prints), and
// walks a tree with aliases and merge keys resolved under a node budget, so
// that an alias bomb stops early instead of exhausting memory.
//
// Readers stay lenient: a value of the wrong shape reads as absent.
package yamlnode

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/internal/yamlerr"
)

// SyntaxError is where a file stops being YAML, and why.
type SyntaxError struct {
	// Line is 1-based; Column is 1-based, or 0 when yaml/v3 gave none.
	Line, Column int
	// Msg says what is wrong, without "yaml:" or the position.
	Msg string
}

func (e *SyntaxError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Msg }

var column = regexp.MustCompile(`^(yaml: line \d+), column (\d+)(:.*)$`)

// Explain turns a yaml/v3 decoding error into a SyntaxError for data: the
// line corrected where yaml/v3 counts from 0 (internal/yamlerr), an error at
// the end of the stream placed on the last line, and never line 0.
func Explain(data []byte, err error) *SyntaxError {
	if err == nil {
		return nil
	}
	se := &SyntaxError{}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		if m := column.FindStringSubmatch(err.Error()); m != nil {
			se.Column, _ = strconv.Atoi(m[2])
			err = errors.New(m[1] + m[3])
		}
	}
	ps := yamlerr.Explain(err)
	if len(ps) == 0 {
		return nil
	}
	se.Line, se.Msg = ps[0].Line, strings.TrimPrefix(ps[0].Msg, "invalid YAML: ")
	if se.Line == 0 && strings.Contains(se.Msg, "end of stream") {
		se.Line = bytes.Count(data, []byte("\n"))
	}
	se.Line = max(se.Line, 1)
	return se
}

// Documents decodes up to max documents of data (every one when max is 0).
// The documents read before a syntax error are returned with it; more is
// true when documents beyond max were left unread.
func Documents(data []byte, max int) (docs []*yaml.Node, more bool, err *SyntaxError) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for max == 0 || len(docs) < max {
		var doc yaml.Node
		if e := dec.Decode(&doc); e != nil {
			if errors.Is(e, io.EOF) {
				return docs, false, nil
			}
			return docs, false, Explain(data, e)
		}
		docs = append(docs, &doc)
	}
	var next yaml.Node
	return docs, dec.Decode(&next) == nil, nil
}

// Root is a document's content node, or nil for an empty document.
func Root(doc *yaml.Node) *yaml.Node {
	if doc != nil && doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		return doc.Content[0]
	}
	return doc
}
