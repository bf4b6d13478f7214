package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ReadJSON reads a graph written by WriteJSON. A file of another format or
// version, malformed JSON or an invalid node or edge is a *FormatError.
//
// The file is decoded as a stream, one node or edge at a time, so it is
// never held whole in memory; strings that repeat (kinds, types, evidence
// sources) are kept once.
func ReadJSON(r io.Reader) (*Graph, error) {
	lr := &lineReader{r: r}
	d := &jsonReader{dec: json.NewDecoder(lr), lr: lr, in: newInterner()}
	return d.read()
}

// DecodeJSON is ReadJSON over a byte slice.
func DecodeJSON(data []byte) (*Graph, error) {
	return ReadJSON(bytes.NewReader(data))
}

// jsonReader walks the top-level object token by token and decodes each
// node, edge and diagnostic on its own into a reused file struct.
type jsonReader struct {
	dec *json.Decoder
	lr  *lineReader
	in  *interner

	format     string
	version    *int
	nodes      []Node
	edges      []Edge
	diags      []Diagnostic
	problems   []error
	fn         fileNode
	fe         fileEdge
	nodeCount  int
	edgeCount  int
	itemOffset int64
}

func (d *jsonReader) read() (*Graph, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return nil, d.fail(err)
	}
	if tok != json.Delim('{') {
		return nil, &FormatError{Line: d.lr.lineAt(d.dec.InputOffset()), Msg: "invalid graph file: the file is not a JSON object"}
	}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, d.fail(err)
		}
		key, _ := tok.(string)
		switch key {
		case "format":
			err = d.value(&d.format)
		case "version":
			err = d.value(&d.version)
		case "nodes", "edges", "diagnostics":
			// A file that says it is something else is explained by
			// its header, not by the first item this reader trips on.
			if herr := d.checkHeader(false); herr != nil {
				return nil, herr
			}
			err = d.array(key)
		default:
			var skip json.RawMessage
			err = d.value(&skip)
		}
		if err != nil {
			return nil, err
		}
	}
	if _, err := d.dec.Token(); err != nil { // the closing brace
		return nil, d.fail(err)
	}
	if _, err := d.dec.Token(); err != io.EOF {
		if err != nil {
			return nil, d.fail(err)
		}
		return nil, &FormatError{Line: d.lr.lineAt(d.dec.InputOffset()), Msg: "invalid graph file: data after the end of the graph"}
	}
	if err := d.checkHeader(true); err != nil {
		return nil, err
	}
	if len(d.problems) > 0 {
		return nil, &FormatError{Msg: "invalid graph file: " + errors.Join(d.problems...).Error()}
	}
	// A file convene wrote holds each node and edge once: index it as it
	// is. A file that repeats one (hand-made, or concatenated) goes through
	// the Builder, which merges the repeats.
	return FromMerged(d.nodes, d.edges, d.diags), nil
}

// checkHeader checks the format and version read so far; complete says
// the whole file has been read, so a missing member is an error.
func (d *jsonReader) checkHeader(complete bool) error {
	switch {
	case d.format != FormatName && (complete || d.format != ""):
		return &FormatError{Msg: fmt.Sprintf("not a convene graph file (format is %q, want %q)", d.format, FormatName)}
	case d.version == nil && complete, d.version != nil && *d.version == 0:
		return &FormatError{Msg: "graph file has no version"}
	case d.version != nil && *d.version != FormatVersion:
		return &FormatError{Msg: fmt.Sprintf("graph file version %d is not supported: this convene reads version %d; use the convene release that wrote it, or rescan", *d.version, FormatVersion)}
	}
	return nil
}

// value decodes one member's value, with the line of any error.
func (d *jsonReader) value(v any) error {
	d.itemOffset = d.dec.InputOffset()
	d.lr.mark(d.itemOffset)
	if err := d.dec.Decode(v); err != nil {
		return d.fail(err)
	}
	return nil
}

func (d *jsonReader) array(key string) error {
	tok, err := d.dec.Token()
	if err != nil {
		return d.fail(err)
	}
	if tok == nil { // null
		return nil
	}
	if tok != json.Delim('[') {
		return &FormatError{Line: d.lr.lineAt(d.dec.InputOffset()), Msg: fmt.Sprintf("invalid graph file: %q is not a list", key)}
	}
	for d.dec.More() {
		switch key {
		case "nodes":
			err = d.node()
		case "edges":
			err = d.edge()
		default:
			var fd fileDiagnostic
			if err = d.value(&fd); err == nil {
				d.diags = append(d.diags, Diagnostic{fd.Connector, fd.File, fd.Line, Severity(fd.Severity), fd.Message})
			}
		}
		if err != nil {
			return err
		}
	}
	if _, err := d.dec.Token(); err != nil { // the closing bracket
		return d.fail(err)
	}
	return nil
}

func (d *jsonReader) node() error {
	evs := d.fn.Evidence[:cap(d.fn.Evidence)]
	clear(evs)
	d.fn = fileNode{Evidence: evs[:0]}
	if err := d.value(&d.fn); err != nil {
		return err
	}
	fn := &d.fn
	n := Node{ID: fn.ID, Kind: nodeKind(fn.Kind), Type: d.in.str(fn.Type), Name: fn.Name, Attrs: fn.Attrs, Evidence: d.evidence(fn.Evidence)}
	if s := fn.Schedule; s != nil {
		n.Schedule = &Schedule{s.Expr, Dialect(d.in.str(s.Dialect)), d.in.str(s.TimeZone)}
	}
	i := d.nodeCount
	d.nodeCount++
	if err := validNode(n); err != nil {
		d.problems = append(d.problems, fmt.Errorf("nodes[%d]: %w", i, err))
		return nil
	}
	d.nodes = append(d.nodes, n)
	return nil
}

func (d *jsonReader) edge() error {
	evs := d.fe.Evidence[:cap(d.fe.Evidence)]
	clear(evs)
	d.fe = fileEdge{Evidence: evs[:0]}
	if err := d.value(&d.fe); err != nil {
		return err
	}
	fe := &d.fe
	e := Edge{From: fe.From, To: fe.To, Kind: edgeKind(fe.Kind), Attrs: fe.Attrs, Evidence: d.evidence(fe.Evidence)}
	i := d.edgeCount
	d.edgeCount++
	if err := validEdge(e); err != nil {
		d.problems = append(d.problems, fmt.Errorf("edges[%d]: %w", i, err))
		return nil
	}
	d.edges = append(d.edges, e)
	return nil
}

// evidence converts a decoded evidence list, sharing one-item lists and
// the strings that repeat.
func (d *jsonReader) evidence(fes []fileEvidence) []Evidence {
	if len(fes) == 0 {
		return nil
	}
	if len(fes) == 1 && fes[0].Observed == nil {
		fe := fes[0]
		ev := Evidence{Connector: fe.Connector, Source: fe.Source, Line: fe.Line, Basis: Basis(fe.Basis), Note: fe.Note}
		if s, ok := d.in.evs[ev]; ok {
			return s
		}
	}
	out := make([]Evidence, len(fes))
	for i, fe := range fes {
		out[i] = Evidence{Connector: d.in.str(fe.Connector), Source: d.in.str(fe.Source), Line: fe.Line, Basis: basis(fe.Basis), Note: fe.Note}
		if o := fe.Observed; o != nil {
			out[i].Observed = &Observation{o.FirstSeen, o.LastSeen, o.Count, o.Sources}
		}
	}
	return d.in.evidence(out)
}

// nodeKind, edgeKind and basis return the package's own constant for a
// known name, so that a million nodes share one string.
func nodeKind(s string) NodeKind {
	for _, k := range NodeKinds {
		if string(k) == s {
			return k
		}
	}
	return NodeKind(s)
}

func edgeKind(s string) EdgeKind {
	for _, k := range EdgeKinds {
		if string(k) == s {
			return k
		}
	}
	return EdgeKind(s)
}

func basis(s string) Basis {
	for _, b := range []Basis{Configured, Declared, Observed, Derived} {
		if string(b) == s {
			return b
		}
	}
	return Basis(s)
}

// fail turns a decoding error into a *FormatError with the line it is on.
// An error of the reader itself is returned as it is.
func (d *jsonReader) fail(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &FormatError{Line: d.lr.lineAt(d.lr.end()), Msg: "invalid graph file: unexpected end of JSON input"}
	case errors.As(err, &se), errors.As(err, &te):
		return &FormatError{Line: d.lr.lineAt(d.locate(err)), Msg: "invalid graph file: " + err.Error()}
	}
	return err
}

// locate finds the offset in the stream of a decoding error. Token errors
// carry it; errors inside a value carry an offset into that value, which
// is found again by decoding the value's retained bytes on their own.
func (d *jsonReader) locate(err error) int64 {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset >= d.itemOffset && se.Offset <= d.lr.end() && d.dec.InputOffset() == se.Offset {
		return se.Offset
	}
	rest := d.lr.from(d.itemOffset)
	// Skip the separator the decoder consumed before the value.
	skip := 0
	for skip < len(rest) && (rest[skip] == ',' || rest[skip] == ':' || isSpace(rest[skip])) {
		skip++
	}
	var v any
	again := json.NewDecoder(bytes.NewReader(rest[skip:]))
	switch e := again.Decode(&v); {
	case errors.As(e, &se):
		return d.itemOffset + int64(skip) + se.Offset
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return d.itemOffset + int64(skip) + te.Offset
	}
	return d.itemOffset
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// lineReader passes a stream through and remembers enough of it to turn
// an offset near the decoder's position into a line number: the newlines
// before a mark and the bytes after it.
type lineReader struct {
	r     io.Reader
	win   []byte // the bytes read since start
	start int64  // the offset of win[0]
	lines int    // newlines before start
}

func (lr *lineReader) Read(p []byte) (int, error) {
	n, err := lr.r.Read(p)
	lr.win = append(lr.win, p[:n]...)
	return n, err
}

// mark says nothing before off will be asked about again.
func (lr *lineReader) mark(off int64) {
	drop := int(off - lr.start)
	if drop < 1<<16 || drop > len(lr.win) {
		return
	}
	lr.lines += bytes.Count(lr.win[:drop], []byte{'\n'})
	lr.win = lr.win[:copy(lr.win, lr.win[drop:])]
	lr.start = off
}

func (lr *lineReader) end() int64 { return lr.start + int64(len(lr.win)) }

// from returns the retained bytes from off on.
func (lr *lineReader) from(off int64) []byte {
	if off < lr.start || off > lr.end() {
		return nil
	}
	return lr.win[off-lr.start:]
}

// lineAt returns the 1-based line of offset off, or 0 when it is no
// longer known.
func (lr *lineReader) lineAt(off int64) int {
	if off < lr.start {
		return 0
	}
	off = min(off, lr.end())
	return 1 + lr.lines + bytes.Count(lr.win[:off-lr.start], []byte{'\n'})
}
