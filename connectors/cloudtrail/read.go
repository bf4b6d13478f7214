package cloudtrail

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
)

// lenient accepts what a trail may hold that strict JSON refuses.
var lenient = jsonv2.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true), tolerant)

// maxBadRecords is how many unreadable records of one file are reported
// one by one.
const maxBadRecords = 5

// readFile streams the records of one file into agg: a {"Records": [...]}
// document or a bare array is read one record at a time, so memory does not
// grow with the file; a single record is read whole.
func readFile(ctx context.Context, p string, agg *observe.Aggregator, b *graph.Builder) error {
	rc, err := observe.Open(p)
	if err != nil {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
			Message: fmt.Sprintf("cannot read CloudTrail file: %v; give convene read access or exclude it", unwrap(err))})
		return nil
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 256<<10)
	head, _ := br.Peek(4096)
	dec := jsontext.NewDecoder(br, lenient)
	r := &reader{p: p, agg: agg, b: b}
	switch {
	case recordsHead.Match(head):
		// {"Records": [
		for range 3 {
			if _, err := dec.ReadToken(); err != nil {
				r.fatal(dec, err)
				return nil
			}
		}
		return r.elements(ctx, dec)
	case firstByte(head) == '[':
		if _, err := dec.ReadToken(); err != nil {
			r.fatal(dec, err)
			return nil
		}
		return r.elements(ctx, dec)
	default:
		v, err := dec.ReadValue()
		if err != nil {
			r.fatal(dec, err)
			return nil
		}
		r.record(v, 1)
	}
	return nil
}

func firstByte(b []byte) byte {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c
		}
	}
	return 0
}

type reader struct {
	p   string
	agg *observe.Aggregator
	b   *graph.Builder
	bad int
}

// elements reads the records of an array up to its closing bracket.
func (r *reader) elements(ctx context.Context, dec *jsontext.Decoder) error {
	for n := 1; dec.PeekKind() != ']'; n++ {
		if n&0x3ff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var rec record
		err := jsonv2.UnmarshalDecode(dec, &rec, lenient)
		var se *jsonv2.SemanticError
		switch {
		case errors.As(err, &se) && se.ByteOffset > 0 && !errors.Is(se.Err, io.ErrUnexpectedEOF):
			// The value was read whole; only its types were wrong.
			r.skip(n, err)
			continue
		case err != nil:
			r.fatal(dec, err)
			return nil
		}
		count(r.agg, &rec)
	}
	if r.bad > maxBadRecords {
		r.b.Diagnose(graph.Diagnostic{Connector: Name, File: r.p, Severity: graph.Warning,
			Message: fmt.Sprintf("%d more records were not CloudTrail events and were skipped", r.bad-maxBadRecords)})
	}
	return nil
}

func (r *reader) record(v jsontext.Value, n int) {
	var rec record
	if err := jsonv2.Unmarshal(v, &rec, lenient); err != nil {
		r.skip(n, err)
		return
	}
	count(r.agg, &rec)
}

// skip reports a record that is JSON but not an event.
func (r *reader) skip(n int, err error) {
	r.bad++
	if r.bad > maxBadRecords {
		return
	}
	var se *jsonv2.SemanticError
	what := "is not a CloudTrail event"
	if errors.As(err, &se) {
		what = fmt.Sprintf("has %s of a type CloudTrail does not write", se.JSONPointer)
	}
	r.b.Diagnose(graph.Diagnostic{Connector: Name, File: r.p, Severity: graph.Warning,
		Message: fmt.Sprintf("record %d %s; it is skipped", n, what)})
}

// fatal reports JSON the decoder cannot go on from: the rest of the file
// is not read.
func (r *reader) fatal(dec *jsontext.Decoder, err error) {
	msg := fmt.Sprintf("not valid JSON (%v); the rest of the file is not read. CloudTrail writes valid JSON: was the file cut short or edited by hand?", err)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = fmt.Sprintf("the file ends at byte %d in the middle of a record; the records before it are counted. Was it cut short?", dec.InputOffset())
	}
	r.b.Diagnose(graph.Diagnostic{Connector: Name, File: r.p, Severity: graph.Error, Message: msg})
}

func unwrap(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}
