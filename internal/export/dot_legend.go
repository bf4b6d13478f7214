package export

import (
	"fmt"
	"strings"
)

// legend returns the graph label that explains the palette: an HTML-like
// table, written from the style tables so that it always matches the
// drawing. A table in the graph's label, rather than legend nodes, cannot
// clash with a node of the graph, whatever its ID.
func legend(title string) string {
	var b strings.Builder
	b.WriteString(`<<table border="0" cellborder="1" cellspacing="0" cellpadding="3">`)
	if title != "" {
		fmt.Fprintf(&b, `<tr><td colspan="3" align="left"><b>%s</b></td></tr>`, htmlText(title))
	}
	b.WriteString(`<tr><td colspan="3" align="left"><b>nodes</b></td></tr>`)
	for _, s := range nodeStyles {
		fmt.Fprintf(&b, `<tr><td bgcolor="%s">%s</td><td>%s</td><td>%s</td></tr>`,
			s.fill, s.kind, s.shape, s.colour)
	}
	b.WriteString(`<tr><td colspan="3" align="left"><b>edges (A -&gt; B: A depends on B)</b></td></tr>`)
	for _, f := range edgeFamilies {
		kinds := make([]string, len(f.kinds))
		for i, k := range f.kinds {
			kinds[i] = string(k)
		}
		fmt.Fprintf(&b, `<tr><td>%s</td><td>%s</td><td><font color="%s">%s %s</font></td></tr>`,
			f.about, strings.Join(kinds, ", "), f.colour, f.style, f.name)
	}
	b.WriteString(`<tr><td colspan="3" align="left">boxes: locations, around what is part_of them</td></tr>`)
	b.WriteString(`</table>>`)
	return b.String()
}
