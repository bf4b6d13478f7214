package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// mermaidFill is each node kind's fill, the DOT palette (docs/export.md).
var mermaidFill = map[graph.NodeKind]string{
	graph.Identity:   "#dbeafe",
	graph.Credential: "#fef3c7",
	graph.Policy:     "#ede9fe",
	graph.Workload:   "#dcfce7",
	graph.Owner:      "#ffe4e6",
	graph.Location:   "#f1f5f9",
}

// Mermaid writes g as a Mermaid flowchart, for Markdown tickets and wikis
// that render Mermaid (GitHub, GitLab). Nodes are labelled with their name
// over their type, shaped and coloured by kind; dependency edges are solid
// and labelled with their kind, ownership and location edges dotted. Mermaid
// IDs are n0, n1, … in the graph's order, so the same graph always gives
// the same text; each node's convene ID is a comment line above it.
func Mermaid(w io.Writer, g *graph.Graph, title string) error {
	bw := bufio.NewWriter(w)
	if title != "" {
		fmt.Fprintf(bw, "---\ntitle: %s\n---\n", mermaidText(title))
	}
	bw.WriteString("flowchart LR\n")
	index := make(map[string]int, g.Len())
	for i, n := range g.Nodes() {
		index[n.ID] = i
		fmt.Fprintf(bw, "  %%%% %s\n", strings.ReplaceAll(n.ID, "\n", " "))
		text := mermaidText(label(n))
		if n.Type != "" {
			text += "<br/><small>" + mermaidText(n.Type) + "</small>"
		}
		open, close := mermaidShape(n.Kind)
		fmt.Fprintf(bw, "  n%d%s\"%s\"%s:::%s\n", i, open, text, close, n.Kind)
	}
	for _, e := range g.Edges() {
		arrow := "-->"
		if e.Kind == graph.OwnedBy || e.Kind == graph.PartOf {
			arrow = "-.->"
		}
		fmt.Fprintf(bw, "  n%d %s|%s| n%d\n", index[e.From], arrow, e.Kind, index[e.To])
	}
	for _, k := range graph.NodeKinds {
		fmt.Fprintf(bw, "  classDef %s fill:%s,stroke:#475569,color:#0f172a\n", k, mermaidFill[k])
	}
	return bw.Flush()
}

// mermaidShape gives each kind a shape, so the chart reads in greyscale.
func mermaidShape(k graph.NodeKind) (string, string) {
	switch k {
	case graph.Identity:
		return "([", "])"
	case graph.Credential:
		return "[/", "/]"
	case graph.Policy:
		return "{{", "}}"
	case graph.Owner:
		return "[[", "]]"
	case graph.Location:
		return "[(", ")]"
	}
	return "(", ")"
}

// mermaidText escapes text for a quoted Mermaid label: quotes, angle
// brackets and # as Mermaid's entity codes, line breaks as <br/>.
func mermaidText(s string) string {
	r := strings.NewReplacer(
		"#", "#35;",
		`"`, "#quot;",
		"<", "#lt;",
		">", "#gt;",
		"\r\n", "<br/>",
		"\n", "<br/>",
		"\r", "<br/>",
	)
	return r.Replace(s)
}
