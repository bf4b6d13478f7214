package vaultaudit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"

	"errors"
	"fmt"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"io"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
)

// lenient accepts what a log may hold that strict JSON refuses: invalid
// UTF-8 in a path, a name written twice.
var lenient = jsonv2.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))

func unmarshal(line []byte, e *entry) error { return jsonv2.Unmarshal(line, e, lenient) }

// maxLine is the longest entry read; a longer line is a diagnostic.
const maxLine = 64 << 20

// maxBadLines is how many unreadable lines of one file are reported one by
// one; the rest are counted in one diagnostic.
const maxBadLines = 5

// file reads one log. JSON lines are read line by line; a file of
// pretty-printed entries (one JSON value over many lines) is read as a
// stream of values.
func (s *scanner) file(ctx context.Context, p string, b *graph.Builder) error {
	rc, err := observe.Open(p)
	if err != nil {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
			Message: fmt.Sprintf("cannot read audit log: %v; give convene read access or exclude it", unwrap(err))})
		return nil
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<20)
	if pretty(br) {
		return s.values(ctx, p, br, b)
	}
	return s.lines(ctx, p, br, b)
}

// pretty reports whether the first line of the stream is an opening brace
// alone: a pretty-printed entry.
func pretty(br *bufio.Reader) bool {
	head, _ := br.Peek(64)
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 || head[0] != '{' {
		return false
	}
	rest := bytes.TrimLeft(head[1:], " \t\r")
	return len(rest) > 0 && rest[0] == '\n'
}

func (s *scanner) lines(ctx context.Context, p string, br *bufio.Reader, b *graph.Builder) error {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 1<<20), maxLine)
	var e entry
	line := 0
	for sc.Scan() {
		line++
		if line&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		e = entry{}
		if err := unmarshal(text, &e); err != nil {
			s.badLine(b, p, line, err)
			continue
		}
		s.entry(&e, line)
	}
	if err := sc.Err(); err != nil {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Line: line + 1, Severity: graph.Error,
			Message: fmt.Sprintf("stopped reading: %v; the rest of the file is not counted", err)})
	}
	s.badSummary(b, p)
	return nil
}

func (s *scanner) values(ctx context.Context, p string, r io.Reader, b *graph.Builder) error {
	dec := json.NewDecoder(r)
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		var e entry
		err := dec.Decode(&e)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
				Message: fmt.Sprintf("entry %d is not valid JSON (%v); the rest of the file is not counted", n, err)})
			break
		}
		s.entry(&e, 0)
	}
	return nil
}

func (s *scanner) badLine(b *graph.Builder, p string, line int, err error) {
	s.bad++
	if s.bad > maxBadLines {
		return
	}
	what := "not an audit entry"
	var se *jsontext.SyntacticError
	var fe *jsonv2.SemanticError
	switch {
	case errors.As(err, &se):
		what = "not valid JSON"
	case errors.As(err, &fe):
		what = fmt.Sprintf("%s is not of the type Vault writes", fe.JSONPointer)
	}
	b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Line: line, Severity: graph.Warning,
		Message: what + "; the line is skipped (is the file a Vault audit log cut mid-line?)"})
}

func (s *scanner) badSummary(b *graph.Builder, p string) {
	if s.bad > maxBadLines {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Warning,
			Message: fmt.Sprintf("%d more lines were not audit entries and were skipped", s.bad-maxBadLines)})
	}
}

func unwrap(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}
