package ownership

import (
	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// Copy records that one credential holds a copy of another where no source
// says so: a CI secret holding an IAM access key, a password pasted into a
// Jenkins credential. The planner then follows a rotation or revocation of
// the original to the copy and its consumers.
type Copy struct {
	// Copy and Of are node IDs (credentials).
	Copy, Of string
	Note     string
	Line     int
}

var copyKeys = []string{"copy", "of", "note"}

func (p *parser) parseCopies(raw *yaml.Node) {
	for _, item := range p.list(raw, "copies") {
		fields, ok := p.mapping(item, "a copy", copyKeys)
		if !ok {
			continue
		}
		c := Copy{Copy: p.str(fields["copy"], "copy"), Of: p.str(fields["of"], "copy of"), Note: p.str(fields["note"], "copy note"), Line: yamlnode.Line(item, 1)}
		if c.Copy == "" || c.Of == "" {
			p.errorf(item, "a copy needs both \"copy: <credential ID>\" and \"of: <credential ID>\"")
			continue
		}
		if c.Copy == c.Of {
			p.errorf(item, "%q cannot be a copy of itself", c.Copy)
			continue
		}
		p.f.Copies = append(p.f.Copies, c)
	}
}

// emitCopies writes each declared copy as a copy_of edge, with both ends as
// credential nodes that merge with what the connectors report.
func emitCopies(f *File, b *graph.Builder) {
	for _, c := range f.Copies {
		ev := evidence(f.Path, c.Line)
		if c.Note != "" {
			ev[0].Note = c.Note
		}
		b.AddNode(graph.Node{ID: c.Copy, Kind: graph.Credential, Evidence: ev})
		b.AddNode(graph.Node{ID: c.Of, Kind: graph.Credential, Evidence: ev})
		b.AddEdge(graph.Edge{From: c.Copy, To: c.Of, Kind: graph.CopyOf, Attrs: map[string]string{"declared_by": "owners-file"}, Evidence: ev})
	}
}
