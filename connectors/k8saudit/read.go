package k8saudit

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
)

var lenient = jsonv2.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))

// maxBad is how many unreadable lines of one file are reported one by one.
const maxBad = 5

// readFile reads JSON lines of events, or a file holding one event or an
// EventList over many lines.
func readFile(ctx context.Context, p, cluster string, agg *observe.Aggregator, b *graph.Builder) error {
	rc, err := observe.Open(p)
	if err != nil {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
			Message: fmt.Sprintf("cannot read audit log: %v; give convene read access or exclude it", err)})
		return nil
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 1<<20)
	// JSON lines end their first line with the event's closing brace; a
	// document (pretty-printed, or one long line) does not.
	first, _ := br.Peek(256 << 10)
	line1, _, found := bytes.Cut(first, []byte("\n"))
	if !found || !bytes.HasSuffix(bytes.TrimSpace(line1), []byte("}")) {
		return readDocument(p, cluster, br, agg, b)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	bad := 0
	for line := 1; sc.Scan(); line++ {
		if line&0xfff == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var e event
		if err := jsonv2.Unmarshal(text, &e, lenient); err != nil {
			if bad++; bad <= maxBad {
				b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Line: line, Severity: graph.Warning,
					Message: "not an audit event (" + shortErr(err) + "); the line is skipped"})
			}
			continue
		}
		count(agg, &e, cluster, line)
	}
	if err := sc.Err(); err != nil {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
			Message: fmt.Sprintf("stopped reading: %v; the rest of the file is not counted", err)})
	}
	if bad > maxBad {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Warning,
			Message: fmt.Sprintf("%d more lines were not audit events and were skipped", bad-maxBad)})
	}
	return nil
}

// readDocument reads a file that is one JSON document: an event, or an
// EventList's items.
func readDocument(p, cluster string, r io.Reader, agg *observe.Aggregator, b *graph.Builder) error {
	var doc struct {
		event
		Items []event `json:"items"`
	}
	if err := jsonv2.UnmarshalRead(r, &doc, lenient); err != nil {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: p, Severity: graph.Error,
			Message: "not an audit event or EventList (" + shortErr(err) + "); the file is skipped"})
		return nil
	}
	if doc.Kind == "EventList" {
		for i := range doc.Items {
			count(agg, &doc.Items[i], cluster, 0)
		}
		return nil
	}
	count(agg, &doc.event, cluster, 1)
	return nil
}

func shortErr(err error) string {
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return "invalid JSON"
	}
	return err.Error()
}
