package graph_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

// TestReadJSONLinesMatchWholeFileDecoding corrupts one byte of a graph file
// at a time and checks that the streaming reader blames the line a decoder
// holding the whole file would. A stream may meet a type error (a node that
// is now a list) before the syntax error further on: then it blames that
// earlier line.
func TestReadJSONLinesMatchWholeFileDecoding(t *testing.T) {
	var buf bytes.Buffer
	if err := synth.Build(1, 2000).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	r := rand.New(rand.NewPCG(1, 2))
	for range 100 {
		d := bytes.Clone(data)
		d[r.IntN(len(d))] = "{}[],:\"x5"[r.IntN(9)]
		var v any
		var se *json.SyntaxError
		if !errors.As(json.Unmarshal(d, &v), &se) {
			continue
		}
		want := 1 + bytes.Count(d[:se.Offset], []byte("\n"))
		_, err := graph.ReadJSON(bytes.NewReader(d))
		var fe *graph.FormatError
		if !errors.As(err, &fe) || fe.Line > want || fe.Line < 1 || (fe.Line != want && !strings.Contains(fe.Msg, "cannot unmarshal")) {
			t.Fatalf("err = %v, want a *FormatError on line %d", err, want)
		}
	}
}

func TestReadJSONRejectsTruncatedAndTrailing(t *testing.T) {
	var buf bytes.Buffer
	if err := synth.Build(1, 100).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(buf.String(), "\n")
	tests := []struct {
		name, in, want string
		line           int
	}{
		{"truncated", buf.String()[:buf.Len()/2], "unexpected end of JSON input", 1 + strings.Count(buf.String()[:buf.Len()/2], "\n")},
		{"trailing", buf.String() + "{}", "data after the end of the graph", lines + 1},
		{"trailing NUL", buf.String() + "\x00", "data after the end of the graph", lines + 1},
		{"not an object", "[]", "not a JSON object", 1},
		{"nodes not a list", `{"format":"convene-graph","version":1,"nodes":{}}`, `cannot unmarshal object into "nodes"`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := graph.ReadJSON(strings.NewReader(tt.in))
			var fe *graph.FormatError
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tt.want) || fe.Line != tt.line {
				t.Errorf("err = %v, want line %d: %q", err, tt.line, tt.want)
			}
		})
	}
}

// errReader fails after its data, as a broken disk or pipe does.
type errReader struct{ data []byte }

var errBroken = errors.New("broken pipe")

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errBroken
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadJSONPassesReadErrorsOn(t *testing.T) {
	_, err := graph.ReadJSON(&errReader{[]byte(`{"format":"convene-graph","version":1,"nodes":[`)})
	if !errors.Is(err, errBroken) {
		t.Errorf("err = %v, want the reader's error", err)
	}
}
