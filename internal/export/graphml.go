package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/convene-dev/convene/graph"
)

// GraphML writes g as GraphML (http://graphml.graphdrawing.org), which
// Gephi, yEd, Cytoscape and networkx read. Nodes carry kind, type, name,
// schedule, the strongest basis and the evidence count as typed keys, and
// each attribute as a string key "attr_<name>"; edges carry kind, basis,
// evidence count and their attributes as "edge_attr_<name>". Node IDs are
// the convene IDs.
func GraphML(w io.Writer, g *graph.Graph) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	key := func(id, domain, name, typ string) {
		fmt.Fprintf(bw, "  <key id=%s for=%q attr.name=%s attr.type=%q/>\n", xmlAttr(id), domain, xmlAttr(name), typ)
	}
	key("kind", "node", "kind", "string")
	key("type", "node", "type", "string")
	key("name", "node", "name", "string")
	key("schedule", "node", "schedule", "string")
	key("basis", "node", "basis", "string")
	key("evidence", "node", "evidence", "int")
	nodeKeys := attrKeys(g)
	for _, k := range nodeKeys {
		key("attr_"+k, "node", "attr_"+k, "string")
	}
	key("edge_kind", "edge", "kind", "string")
	key("edge_basis", "edge", "basis", "string")
	key("edge_evidence", "edge", "evidence", "int")
	edgeKeys := edgeAttrKeys(g)
	for _, k := range edgeKeys {
		key("edge_attr_"+k, "edge", "attr_"+k, "string")
	}
	bw.WriteString(`  <graph id="convene" edgedefault="directed">` + "\n")
	data := func(key, value string) {
		if value != "" {
			fmt.Fprintf(bw, "      <data key=%s>%s</data>\n", xmlAttr(key), xmlText(value))
		}
	}
	for _, n := range g.Nodes() {
		fmt.Fprintf(bw, "    <node id=%s>\n", xmlAttr(n.ID))
		data("kind", string(n.Kind))
		data("type", n.Type)
		data("name", n.Name)
		data("schedule", scheduleText(n.Schedule))
		data("basis", strongestBasis(n.Evidence))
		data("evidence", strconv.Itoa(len(n.Evidence)))
		for _, k := range nodeKeys {
			if v, ok := n.Attrs[k]; ok {
				data("attr_"+k, v)
			}
		}
		bw.WriteString("    </node>\n")
	}
	for i, e := range g.Edges() {
		fmt.Fprintf(bw, "    <edge id=\"e%d\" source=%s target=%s>\n", i, xmlAttr(e.From), xmlAttr(e.To))
		data("edge_kind", string(e.Kind))
		data("edge_basis", strongestBasis(e.Evidence))
		data("edge_evidence", strconv.Itoa(len(e.Evidence)))
		for _, k := range edgeKeys {
			if v, ok := e.Attrs[k]; ok {
				data("edge_attr_"+k, v)
			}
		}
		bw.WriteString("    </edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

// xmlAttr quotes s as an XML attribute value.
func xmlAttr(s string) string { return `"` + xmlText(s) + `"` }

// xmlText escapes s for XML text or attribute values. Characters XML 1.0
// cannot hold at all (most control characters, invalid UTF-8) are spelt as
// Go escapes ("\x00"), so the document stays well-formed and the odd byte
// stays visible; no ID convene writes contains one in practice.
func xmlText(s string) string {
	var out []byte
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '&':
			out = append(out, "&amp;"...)
		case r == '<':
			out = append(out, "&lt;"...)
		case r == '>':
			out = append(out, "&gt;"...)
		case r == '"':
			out = append(out, "&quot;"...)
		case r == '\'':
			out = append(out, "&apos;"...)
		case r == '\n':
			out = append(out, "&#xA;"...)
		case r == '\r':
			out = append(out, "&#xD;"...)
		case r == '\t':
			out = append(out, "&#x9;"...)
		case r == utf8.RuneError && size == 1:
			out = append(out, fmt.Sprintf(`\x%02x`, s[i])...)
		case !xmlChar(r):
			q := strconv.QuoteRune(r)
			out = append(out, q[1:len(q)-1]...)
		default:
			out = append(out, s[i:i+size]...)
		}
		i += size
	}
	return string(out)
}

// xmlChar reports whether r is a Char of XML 1.0.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}
