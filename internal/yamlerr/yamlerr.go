// Package yamlerr turns the errors of go.yaml.in/yaml/v3 into what a person
// needs: the line the problem is on and a message free of Go type names.
//
// yaml/v3 numbers the lines of its parser errors from 0 (its scanner errors
// from 1), and places a parser error at the start of the construct being
// parsed — the "[" of a flow sequence that is never closed — so its "line 2"
// means the third line. Explain corrects the number and names the construct.
package yamlerr

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a YAML document.
type Problem struct {
	// Line is 1-based, or 0 when yaml/v3 gave none.
	Line int
	// Msg says what is wrong, without "yaml:" or Go type names.
	Msg string
	// UnknownKey is set for a key the target type does not have, with
	// InType the Go type's name (for the caller to put in its own words).
	UnknownKey, InType string
}

var (
	lineMsg      = regexp.MustCompile(`^line (\d+): (.*)$`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type (?:\S+\.)?(\w+)$`)
)

// parserProblems are the messages of yaml/v3's parser (not its scanner),
// whose lines are 0-based and point at the start of the construct named.
var parserProblems = map[string]string{
	"did not find expected ',' or ']'":       "a flow sequence [ … ] is not closed",
	"did not find expected ',' or '}'":       "a flow mapping { … } is not closed",
	"did not find expected key":              "a mapping has a line that is not a key",
	"did not find expected '-' indicator":    "a list has a line that is not an item",
	"did not find expected node content":     "a value is missing",
	"did not find expected <document start>": "the document has content after its end",
}

// Explain returns the problems in err, a yaml/v3 error (nil for nil).
func Explain(err error) []Problem {
	if err == nil {
		return nil
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		out := make([]Problem, 0, len(te.Errors))
		for _, msg := range te.Errors {
			out = append(out, one(msg, false))
		}
		return out
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return []Problem{one(msg, true)}
}

func one(msg string, syntax bool) Problem {
	var p Problem
	if m := lineMsg.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		p.UnknownKey, p.InType = m[1], m[2]
		p.Msg = "unknown key " + strconv.Quote(m[1])
		return p
	}
	p.Msg = msg
	if !syntax {
		return p
	}
	if what, ok := parserProblems[msg]; ok {
		p.Line++ // 0-based; and line 0 is not reported at all, so 1 is right then too
		p.Msg = "invalid YAML: " + what + " (" + msg + ")"
		return p
	}
	p.Msg = "invalid YAML: " + msg
	return p
}
