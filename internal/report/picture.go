package report

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/planner"
)

// classColours fill impacted nodes by class in the picture and tables.
var classColours = map[planner.Class]string{
	planner.Breaks:     "#d7301f",
	planner.MayBreak:   "#fc8d59",
	planner.UpdateCopy: "#fdae61",
	planner.Restart:    "#fee08b",
	planner.Orphaned:   "#bdbdbd",
	planner.Indirect:   "#c6dbef",
	planner.Auto:       "#a6d96a",
}

const targetColour = "#6a51a3"

type picNode struct {
	ID, Label, Sub, Class, Colour string
	X, Y                          int
}

type picEdge struct {
	X1, Y1, X2, Y2 int
	Kind           string
}

// picture lays the impacted subgraph out in columns — the targets on the
// left, each impacted node in the column of its distance — and draws every
// edge of the explaining paths, with an arrowhead at what is depended on and
// the edge's kind written on it. Each box shows the node's name and, below
// it, its type and location (what it is part_of in g), so two jobs called
// "deploy" are told apart. It needs no layout engine, so the report stays
// one offline file.
func picture(p *planner.Plan, g *graph.Graph) template.HTML {
	const colW, rowH, boxW, boxH, pad = 380, 58, 250, 42, 20
	cols := map[int][]string{}
	info := map[string]picNode{}
	for _, t := range p.Targets {
		cols[0] = append(cols[0], t.ID)
		info[t.ID] = picNode{ID: t.ID, Label: short(t), Sub: subLabel(g, t), Class: "target", Colour: targetColour}
	}
	for _, im := range p.Impacted {
		if _, dup := info[im.Node.ID]; dup {
			continue
		}
		cols[im.Depth] = append(cols[im.Depth], im.Node.ID)
		info[im.Node.ID] = picNode{ID: im.Node.ID, Label: short(im.Node), Sub: subLabel(g, im.Node), Class: string(im.Class), Colour: classColours[im.Class]}
	}
	// Nodes reached on the way (a path's middle) that are not themselves
	// impacted still appear, so every edge has two ends.
	for _, im := range p.Impacted {
		for i, e := range im.Path {
			for _, id := range []string{e.From, e.To} {
				if _, ok := info[id]; !ok {
					d := len(im.Path) - i
					cols[d] = append(cols[d], id)
					n := graph.Node{ID: id}
					if g != nil {
						if gn, ok := g.Node(id); ok {
							n = gn
						}
					}
					info[id] = picNode{ID: id, Label: short(n), Sub: subLabel(g, n), Class: "on the way", Colour: "#ffffff"}
				}
			}
		}
	}
	maxRows, maxCol := 0, 0
	for c, ids := range cols {
		slices.Sort(ids)
		maxRows = max(maxRows, len(ids))
		maxCol = max(maxCol, c)
		for r, id := range ids {
			n := info[id]
			n.X, n.Y = pad+c*colW, pad+r*rowH
			info[id] = n
		}
	}
	var edges []picEdge
	seen := map[string]bool{}
	for _, im := range p.Impacted {
		for _, e := range im.Path {
			k := e.Key().String()
			if seen[k] {
				continue
			}
			seen[k] = true
			a, b := info[e.From], info[e.To]
			// Consumers sit right of what they depend on: draw from the
			// consumer's left side to the dependency's right side.
			x1, x2 := a.X, b.X+boxW
			if a.X <= b.X { // same column or an orphan to the right
				x1, x2 = a.X+boxW, b.X
			}
			edges = append(edges, picEdge{x1, a.Y + boxH/2, x2, b.Y + boxH/2, string(e.Kind)})
		}
	}
	w, h := pad*2+maxCol*colW+boxW, pad*2+maxRows*rowH
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" id="impact-picture" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="impacted subgraph">`, w, h, w, h)
	sb.WriteString(`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/></marker></defs>`)
	for _, e := range edges {
		fmt.Fprintf(&sb, `<line class="edge" data-kind="%s" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#555" stroke-width="1.4" marker-end="url(#arrow)"><title>%s</title></line>`,
			template.HTMLEscapeString(e.Kind), e.X1, e.Y1, e.X2, e.Y2, template.HTMLEscapeString(e.Kind))
	}
	ids := make([]string, 0, len(info))
	for id := range info {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		n := info[id]
		fmt.Fprintf(&sb, `<g class="node" data-id="%s" data-class="%s"><title>%s (%s)</title><rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="#333"/>`,
			template.HTMLEscapeString(n.ID), template.HTMLEscapeString(n.Class), template.HTMLEscapeString(n.ID), template.HTMLEscapeString(n.Class),
			n.X, n.Y, boxW, boxH, n.Colour)
		fmt.Fprintf(&sb, `<text x="%d" y="%d" font-size="12" font-weight="bold" font-family="sans-serif">%s</text><text x="%d" y="%d" font-size="10" font-family="sans-serif" fill="#222">%s</text></g>`,
			n.X+8, n.Y+17, template.HTMLEscapeString(n.Label), n.X+8, n.Y+33, template.HTMLEscapeString(n.Sub))
	}
	// The kinds last, so neither a line nor a box hides one, on a white
	// halo; labelSpots places them apart.
	for i, at := range labelSpots(edges, colW-boxW) {
		fmt.Fprintf(&sb, `<text class="edge-label" x="%d" y="%d" text-anchor="middle" font-size="11" font-family="sans-serif" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text>`,
			at[0], at[1], template.HTMLEscapeString(edges[i].Kind))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String()) // every value above is escaped
}

// labelSpots places each edge's label on its line, starting in the middle
// of the gap next to the consumer's column, where lines that meet at one
// dependency are still a row apart, and sliding it along the line while it
// would overlap a label already placed. It returns each label's baseline
// middle.
func labelSpots(edges []picEdge, gap int) [][2]int {
	const charW, h = 6, 12 // 11px sans-serif, roughly
	type box struct{ x0, y0, x1, y1 int }
	var placed []box
	out := make([][2]int, len(edges))
	for i, e := range edges {
		w := charW * len([]rune(e.Kind))
		dx, dy := e.X2-e.X1, e.Y2-e.Y1
		start := 0.5
		if dx != 0 {
			start = float64(gap) / 2 / float64(abs(dx))
		}
		var x, y int
		var b box
		for _, t := range []float64{start, start + .15, start - .15, start + .3, start + .45, start + .6} {
			if t <= 0 || t >= 1 {
				continue
			}
			x, y = e.X1+int(float64(dx)*t), e.Y1+int(float64(dy)*t)-3
			b = box{x - w/2 - 2, y - h, x + w/2 + 2, y + 3}
			free := true
			for _, o := range placed {
				if b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1 {
					free = false
					break
				}
			}
			if free {
				break
			}
		}
		placed = append(placed, b)
		out[i] = [2]int{x, y}
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// subLabel is a box's second line: the node's type and where it is, the
// name of what it is part_of ("ci-job · payments-api"), cut to fit.
func subLabel(g *graph.Graph, n graph.Node) string {
	parts := []string{}
	if n.Type != "" {
		parts = append(parts, n.Type)
	}
	if loc := location(g, n.ID); loc != "" {
		parts = append(parts, loc)
	}
	return cut(strings.Join(parts, " · "), 40)
}

// location names what a node is part_of: its repository, host, cluster
// namespace or account; empty when g has no part_of edge from it.
func location(g *graph.Graph, id string) string {
	if g == nil {
		return ""
	}
	for _, e := range g.Out(id) {
		if e.Kind != graph.PartOf {
			continue
		}
		if n, ok := g.Node(e.To); ok && n.Name != "" {
			return n.Name
		}
		return lastSegment(e.To)
	}
	return ""
}

func cut(s string, n int) string {
	if len([]rune(s)) > n {
		return string([]rune(s)[:n-1]) + "…"
	}
	return s
}

func short(n graph.Node) string {
	s := n.Name
	if s == "" {
		s = lastSegment(n.ID)
	}
	return cut(s, 28)
}

func lastSegment(id string) string {
	if i := strings.LastIndexAny(id, "/:#"); i >= 0 && i < len(id)-1 {
		return id[i+1:]
	}
	return id
}
