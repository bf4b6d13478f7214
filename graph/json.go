package graph

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// FormatName marks a file as a convene graph; it is the value of the
// "format" member at the top of every graph file.
const FormatName = "convene-graph"

// FormatVersion is the version of the graph file format this package writes
// and the only one it reads. docs/graph-format.md describes it.
const FormatVersion = 1

// SchemaURL names the JSON Schema of the graph file, written as its
// "$schema" member; it is schemas.Graph (graph/ imports nothing of convene,
// so the schemas package's test checks the two agree).
const SchemaURL = "https://convene.dev/schemas/graph/v1.json"

// The file format's own types, kept apart from the model so that the model
// carries no format tags and the format can evolve on its own.
type (
	fileGraph struct {
		Format      string           `json:"format"`
		Version     int              `json:"version"`
		Nodes       []fileNode       `json:"nodes"`
		Edges       []fileEdge       `json:"edges"`
		Diagnostics []fileDiagnostic `json:"diagnostics"`
	}
	fileNode struct {
		ID       string            `json:"id"`
		Kind     string            `json:"kind"`
		Type     string            `json:"type,omitempty"`
		Name     string            `json:"name,omitempty"`
		Attrs    map[string]string `json:"attrs,omitempty"`
		Schedule *fileSchedule     `json:"schedule,omitempty"`
		Evidence []fileEvidence    `json:"evidence,omitempty"`
	}
	fileSchedule struct {
		Expr     string `json:"expr"`
		Dialect  string `json:"dialect"`
		TimeZone string `json:"time_zone,omitempty"`
	}
	fileEdge struct {
		From     string            `json:"from"`
		To       string            `json:"to"`
		Kind     string            `json:"kind"`
		Attrs    map[string]string `json:"attrs,omitempty"`
		Evidence []fileEvidence    `json:"evidence,omitempty"`
	}
	fileEvidence struct {
		Connector string           `json:"connector"`
		Source    string           `json:"source,omitempty"`
		Line      int              `json:"line,omitempty"`
		Basis     string           `json:"basis,omitempty"`
		Note      string           `json:"note,omitempty"`
		Observed  *fileObservation `json:"observed,omitempty"`
	}
	fileObservation struct {
		FirstSeen time.Time `json:"first_seen"`
		LastSeen  time.Time `json:"last_seen"`
		Count     int64     `json:"count"`
		Sources   []string  `json:"sources,omitempty"`
	}
	fileDiagnostic struct {
		Connector string `json:"connector,omitempty"`
		File      string `json:"file,omitempty"`
		Line      int    `json:"line,omitempty"`
		Severity  string `json:"severity"`
		Message   string `json:"message"`
	}
)

// WriteJSON writes the graph in the convene graph file format, one node,
// edge or diagnostic per line, in the graph's deterministic order.
func (g *Graph) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	// "$schema" follows format and version, so the file's first bytes, which
	// LooksLikeGraphFile and other sniffers read, stay as they were.
	fmt.Fprintf(bw, "{\"format\":%q,\"version\":%d,\"$schema\":%q,\n\"nodes\":[", FormatName, FormatVersion, SchemaURL)
	for i, n := range g.nodes {
		if err := writeItem(bw, i, toFileNode(n)); err != nil {
			return err
		}
	}
	bw.WriteString("],\n\"edges\":[")
	for i, e := range g.edges {
		if err := writeItem(bw, i, toFileEdge(e)); err != nil {
			return err
		}
	}
	bw.WriteString("],\n\"diagnostics\":[")
	for i, d := range g.diags {
		fd := fileDiagnostic{d.Connector, d.File, d.Line, string(d.Severity), d.Message}
		if err := writeItem(bw, i, fd); err != nil {
			return err
		}
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

func writeItem(w *bufio.Writer, i int, v any) error {
	if i > 0 {
		w.WriteByte(',')
	}
	w.WriteByte('\n')
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode graph: %w", err)
	}
	_, err = w.Write(b)
	return err
}

func toFileNode(n Node) fileNode {
	fn := fileNode{ID: n.ID, Kind: string(n.Kind), Type: n.Type, Name: n.Name, Attrs: n.Attrs, Evidence: toFileEvidence(n.Evidence)}
	if s := n.Schedule; s != nil {
		fn.Schedule = &fileSchedule{s.Expr, string(s.Dialect), s.TimeZone}
	}
	return fn
}

func toFileEdge(e Edge) fileEdge {
	return fileEdge{e.From, e.To, string(e.Kind), e.Attrs, toFileEvidence(e.Evidence)}
}

func toFileEvidence(evs []Evidence) []fileEvidence {
	if len(evs) == 0 {
		return nil
	}
	out := make([]fileEvidence, len(evs))
	for i, ev := range evs {
		out[i] = fileEvidence{ev.Connector, ev.Source, ev.Line, string(ev.Basis), ev.Note, nil}
		if o := ev.Observed; o != nil {
			out[i].Observed = &fileObservation{o.FirstSeen.UTC(), o.LastSeen.UTC(), o.Count, o.Sources}
		}
	}
	return out
}

// FormatError is returned by ReadJSON for a file that is not a graph file
// this version of convene can read. Line is 1-based, or 0 when unknown.
type FormatError struct {
	Line int
	Msg  string
}

func (e *FormatError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// LooksLikeGraphFile reports whether the first bytes of a file show it to be
// a convene graph file, so a scan can merge graph files it meets.
func LooksLikeGraphFile(head []byte) bool {
	return bytes.Contains(head, []byte(`"format":"`+FormatName+`"`)) ||
		bytes.Contains(head, []byte(`"format": "`+FormatName+`"`))
}
