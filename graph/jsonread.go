package graph

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ReadJSON reads a graph written by WriteJSON. A file of another format or
// version, malformed JSON or an invalid node or edge is a *FormatError.
//
// The file is decoded as a stream, one node or edge at a time, so it is
// never held whole in memory; strings that repeat (kinds, types, evidence
// sources, edge ends) are kept once. Member names are matched exactly.
func ReadJSON(r io.Reader) (*Graph, error) {
	d := &jsonReader{s: newScanner(r), in: newInterner(), ids: make(map[string]int32)}
	return d.read()
}

// DecodeJSON is ReadJSON over a byte slice.
func DecodeJSON(data []byte) (*Graph, error) {
	return ReadJSON(bytes.NewReader(data))
}

// jsonReader decodes the members of a graph file as the scanner meets them.
type jsonReader struct {
	s  *scanner
	in *interner

	format   string
	version  *int
	nodes    []Node
	edges    []Edge
	diags    []Diagnostic
	problems []error
	evBuf    []Evidence
	timeBuf  []byte
	pairs    []string
	attrKey  []byte
	attrMaps map[string]map[string]string // maps met before, by their pairs

	// last holds the value each often-repeated member had last time,
	// checked before the interner's map: in a file in graph order, runs
	// of items share a kind, a connector, a source, an evidence list.
	last struct {
		nodeKind, typ, edgeKind, connector, source, basis string
		ev                                                Evidence
		evs                                               []Evidence
		from                                              int32
	}

	// ids finds a node read before by its ID, so that an edge's ends
	// share the node's string and carry its index (ends, two per edge).
	ids  map[string]int32
	ends []int32
}

func (d *jsonReader) read() (*Graph, error) {
	if err := d.top(); err != nil {
		return nil, d.wrap(err)
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
	d.in.strs, d.ids, d.attrMaps, d.in.shared = nil, nil, nil, true
	// The lists grew as the file streamed in; a graph keeps them for its
	// life, so trim what growing left over once it is worth a copy.
	d.nodes, d.edges = trim(d.nodes), trim(d.edges)
	return fromMerged(d.in, d.nodes, d.edges, d.diags, d.ends), nil
}

func (d *jsonReader) top() error {
	switch c := d.s.peek(); c {
	case '{':
	case 0:
		return d.s.unexpected(0, "beginning of value")
	default:
		return &FormatError{Line: d.s.line, Msg: "invalid graph file: the file is not a JSON object"}
	}
	err := d.s.object("", func(key string) error {
		switch key {
		case "format":
			f, err := d.s.optString("format", nil)
			d.format = f
			return err
		case "version":
			if d.s.peek() == 'n' {
				d.version = nil
				return d.s.literal("null")
			}
			v, err := d.s.int64("version")
			iv := int(v)
			d.version = &iv
			return err
		case "nodes", "edges", "diagnostics":
			// A file that says it is something else is explained by
			// its header, not by the first item this reader trips on.
			if err := d.checkHeader(false); err != nil {
				return err
			}
			return d.s.array(key, map[string]func() error{"nodes": d.node, "edges": d.edge, "diagnostics": d.diagnostic}[key])
		}
		return d.s.skip()
	})
	if err != nil {
		return err
	}
	if c := d.s.peek(); c != 0 || d.s.pos < len(d.s.buf) {
		return &FormatError{Line: d.s.line, Msg: "invalid graph file: data after the end of the graph"}
	}
	return d.s.err
}

// wrap gives a JSON error its line; other errors pass as they are.
func (d *jsonReader) wrap(err error) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return &FormatError{Line: d.s.line, Msg: "invalid graph file: " + se.msg}
	}
	return err
}

func trim[T any](s []T) []T {
	if cap(s)-len(s) > len(s)/16 {
		return slices.Clone(s)
	}
	return s
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

func (d *jsonReader) node() error {
	var n Node
	err := d.s.object("node", func(key string) (err error) {
		switch key {
		case "id":
			n.ID, err = d.s.optString("id", nil)
		case "kind":
			var k string
			k, err = d.repeated(&d.last.nodeKind, "kind")
			n.Kind = NodeKind(k)
		case "type":
			n.Type, err = d.repeated(&d.last.typ, "type")
		case "name":
			n.Name, err = d.s.optString("name", nil)
			// A name is often the end of the ID: share its bytes.
			if strings.HasSuffix(n.ID, n.Name) {
				n.Name = n.ID[len(n.ID)-len(n.Name):]
			}
		case "attrs":
			n.Attrs, err = d.attrs()
		case "schedule":
			n.Schedule, err = d.schedule()
		case "evidence":
			n.Evidence, err = d.evidence()
		default:
			err = d.s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := validNode(n); err != nil {
		d.problems = append(d.problems, fmt.Errorf("nodes[%d]: %w", len(d.nodes)+d.dropped("nodes"), err))
		return nil
	}
	if _, dup := d.ids[n.ID]; !dup {
		d.ids[n.ID] = int32(len(d.nodes))
	}
	d.nodes = append(d.nodes, n)
	return nil
}

// dropped counts the items of a list already refused, so that a problem
// names the item's position in the file.
func (d *jsonReader) dropped(list string) int {
	c := 0
	for _, p := range d.problems {
		if strings.HasPrefix(p.Error(), list+"[") {
			c++
		}
	}
	return c
}

func (d *jsonReader) edge() error {
	var e Edge
	from, to := int32(-1), int32(-1)
	err := d.s.object("edge", func(key string) (err error) {
		switch key {
		case "from":
			e.From, from, err = d.end("from")
		case "to":
			e.To, to, err = d.end("to")
		case "kind":
			var k string
			k, err = d.repeated(&d.last.edgeKind, "kind")
			e.Kind = EdgeKind(k)
		case "attrs":
			e.Attrs, err = d.attrs()
		case "evidence":
			e.Evidence, err = d.evidence()
		default:
			err = d.s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := validEdge(e); err != nil {
		d.problems = append(d.problems, fmt.Errorf("edges[%d]: %w", len(d.edges)+d.dropped("edges"), err))
		return nil
	}
	d.edges = append(d.edges, e)
	d.ends = append(d.ends, from, to)
	return nil
}

// repeated reads a string that is often the same as the last one read for
// the member, then kept once through the interner.
func (d *jsonReader) repeated(last *string, field string) (string, error) {
	if d.s.peek() != '"' {
		return d.s.optString(field, d.in)
	}
	b, slow, err := d.s.rawString()
	switch {
	case err != nil:
		return "", err
	case slow:
		return unquote(b)
	case string(b) == *last:
		return *last, nil
	}
	*last = d.in.bytes(b)
	return *last, nil
}

// end reads an edge's end: the ID of a node read before shares its string
// and comes with its index; another ID has index -1.
func (d *jsonReader) end(field string) (string, int32, error) {
	if c := d.s.peek(); c != '"' {
		s, err := d.s.optString(field, nil)
		return s, -1, err
	}
	b, slow, err := d.s.rawString()
	switch {
	case err != nil:
		return "", -1, err
	case slow:
		s, err := unquote(b)
		if i, ok := d.ids[s]; ok {
			return d.nodes[i].ID, i, err
		}
		return s, -1, err
	}
	// In graph order an edge leaves the node the last one left, or the
	// next: try those before the map.
	if f := d.last.from; field == "from" && f >= 0 {
		for i := f; i < f+2 && int(i) < len(d.nodes); i++ {
			if d.nodes[i].ID == string(b) {
				d.last.from = i
				return d.nodes[i].ID, i, nil
			}
		}
	}
	if i, ok := d.ids[string(b)]; ok {
		if field == "from" {
			d.last.from = i
		}
		return d.nodes[i].ID, i, nil
	}
	return string(b), -1, nil
}

func (d *jsonReader) diagnostic() error {
	var dg Diagnostic
	err := d.s.object("diagnostic", func(key string) (err error) {
		switch key {
		case "connector":
			dg.Connector, err = d.s.optString("connector", d.in)
		case "file":
			dg.File, err = d.s.optString("file", d.in)
		case "line":
			var l int64
			l, err = d.s.int64("line")
			dg.Line = int(l)
		case "severity":
			var sv string
			sv, err = d.s.optString("severity", d.in)
			dg.Severity = Severity(sv)
		case "message":
			dg.Message, err = d.s.optString("message", nil)
		default:
			err = d.s.skip()
		}
		return err
	})
	d.diags = append(d.diags, dg)
	return err
}
