package export

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// The DOT text is written directly: the drawing is a list of clusters, a
// list of styled nodes and a list of styled edges, which needs no graph
// interfaces. The layout (tab indents, "// Node definitions." and "// Edge
// definitions." sections, one attribute per line) is the one gonum's DOT
// encoder wrote before, so drawings did not change when it was dropped;
// gonum stays the graph package's library for algorithms.

// attr is one DOT attribute. Values are written as they are when they are
// already DOT IDs (callers quote with quoteText), quoted otherwise.
type attr struct{ Key, Value string }

// attrList is a fixed, ordered list of DOT attributes.
type attrList []attr

// dotNode is a node as drawn: its DOT ID and its style.
type dotNode struct {
	dotID string
	attrs attrList
}

// dotLine is one edge as drawn, between nodes by dense index.
type dotLine struct {
	from, to int
	attrs    attrList
}

// dotGraph is the whole drawing. Nodes are in the graph's ID order and
// lines in its edge order (from, to, kind), which is the order they are
// written in.
type dotGraph struct {
	name              string
	nodes             []dotNode
	lines             []dotLine
	clusters          []*cluster // top-level location clusters
	graph, node, edge attrList
}

// cluster is a location's subgraph: its style, the DOT IDs of the nodes
// drawn inside it (the location and its members, in ID order), and the
// clusters of locations inside it. Graphviz draws subgraphs named cluster*
// as boxes.
type cluster struct {
	name     string
	attrs    attrList
	members  []string
	children []*cluster
}

// dotWriter accumulates DOT text at an indent depth.
type dotWriter struct {
	b     bytes.Buffer
	depth int
}

func (w *dotWriter) newline() {
	w.b.WriteByte('\n')
	for range w.depth {
		w.b.WriteByte('\t')
	}
}

func (w *dotWriter) open(s string) { w.b.WriteString(s); w.depth++ }

func (w *dotWriter) close(s string) { w.depth--; w.newline(); w.b.WriteString(s) }

// list writes an attribute list: nothing for none, [k=v] for one, a block
// of one attribute a line for more.
func (w *dotWriter) list(a attrList) {
	switch len(a) {
	case 0:
	case 1:
		w.b.WriteString(" [" + dotID(a[0].Key) + "=" + dotID(a[0].Value) + "]")
	default:
		w.open(" [")
		for _, x := range a {
			w.newline()
			w.b.WriteString(dotID(x.Key) + "=" + dotID(x.Value))
		}
		w.close("]")
	}
}

// defaults writes the graph, node and edge attribute statements that are
// not empty.
func (w *dotWriter) defaults(graph, node, edge attrList) {
	wrote := false
	for i, a := range []attrList{graph, node, edge} {
		if len(a) == 0 {
			continue
		}
		if wrote {
			w.b.WriteByte(';')
		}
		w.newline()
		w.b.WriteString([]string{"graph", "node", "edge"}[i])
		w.open(" [")
		for _, x := range a {
			w.newline()
			w.b.WriteString(dotID(x.Key) + "=" + dotID(x.Value))
		}
		w.close("]")
		wrote = true
	}
	if wrote {
		w.b.WriteString(";\n")
	}
}

func (w *dotWriter) cluster(c *cluster) {
	w.b.WriteByte('\n')
	for range w.depth {
		w.b.WriteByte('\t')
	}
	w.open("subgraph " + dotID(c.name) + " {")
	w.defaults(c.attrs, nil, nil)
	for _, ch := range c.children {
		w.cluster(ch)
	}
	for i, m := range c.members {
		if i == 0 {
			w.newline()
			w.b.WriteString("// Node definitions.")
		}
		w.newline()
		w.b.WriteString(m + ";")
	}
	w.close("}")
}

// marshal writes the drawing as a DOT digraph.
func (d *dotGraph) marshal() []byte {
	var w dotWriter
	w.open("digraph " + dotID(d.name) + " {")
	w.defaults(d.graph, d.node, d.edge)
	for _, c := range d.clusters {
		w.cluster(c)
	}
	for i, n := range d.nodes {
		if i == 0 {
			w.newline()
			w.b.WriteString("// Node definitions.")
		}
		w.newline()
		w.b.WriteString(n.dotID)
		w.list(n.attrs)
		w.b.WriteByte(';')
	}
	for i, l := range d.lines {
		if i == 0 {
			w.b.WriteByte('\n')
			w.newline()
			w.b.WriteString("// Edge definitions.")
		}
		w.newline()
		w.b.WriteString(d.nodes[l.from].dotID + " -> " + d.nodes[l.to].dotID)
		w.list(l.attrs)
		w.b.WriteByte(';')
	}
	w.close("}")
	return w.b.Bytes()
}

var (
	dotIdent   = regexp.MustCompile(`^[a-zA-Z\x{80}-\x{ff}_][0-9a-zA-Z\x{80}-\x{ff}_]*$`)
	dotNumeral = regexp.MustCompile(`^[-]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)$`)
)

// dotID returns s as it is when it is a DOT ID (an identifier, a numeral, a
// valid double-quoted string or an HTML string) and not a keyword, and
// quoted otherwise.
func dotID(s string) string {
	switch strings.ToLower(s) {
	case "node", "edge", "graph", "digraph", "subgraph", "strict":
		return strconv.Quote(s)
	}
	if dotIdent.MatchString(s) || dotNumeral.MatchString(s) {
		return s
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		if _, err := strconv.Unquote(s); err == nil {
			return s
		}
	}
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		return s
	}
	return strconv.Quote(s)
}
