package export

import (
	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/encoding"
	"gonum.org/v1/gonum/graph/encoding/dot"
	"gonum.org/v1/gonum/graph/iterator"
)

// The adapter that lets gonum's dot.MarshalMulti write a convene graph. The
// graph package knows nothing of DOT; these types carry the DOT IDs and
// attributes gonum asks for. dotGraph is a directed multigraph, so that two
// edges of different kinds between the same nodes are two DOT lines, each
// labelled with its kind, and the output is not "strict" (Graphviz would
// merge them otherwise).

// Compile-time checks of the gonum interfaces MarshalMulti looks for.
var (
	_ gg.DirectedMultigraph = (*dotGraph)(nil)
	_ gg.Directed           = (*dotGraph)(nil)
	_ dot.Multigraph        = (*dotGraph)(nil)
	_ dot.Attributers       = (*dotGraph)(nil)
	_ dot.MultiStructurer   = (*dotGraph)(nil)
	_ gg.Directed           = (*cluster)(nil)
	_ dot.Multigraph        = (*cluster)(nil)
	_ dot.Attributers       = (*cluster)(nil)
	_ dot.MultiStructurer   = (*cluster)(nil)
	_ dot.Node              = dotNode{}
	_ encoding.Attributer   = dotNode{}
	_ dot.Node              = memberNode{}
	_ gg.Line               = dotLine{}
	_ encoding.Attributer   = dotLine{}
)

// attrList is a fixed, ordered list of DOT attributes. Values are written
// by gonum as they are when already quoted, so callers quote with quoteText.
type attrList []encoding.Attribute

// Attributes implements encoding.Attributer.
func (a attrList) Attributes() []encoding.Attribute { return a }

// dotNode is a graph node as drawn: its gonum ID is its dense index in the
// graph, and it carries its style.
type dotNode struct {
	id    int64
	dotID string
	attrList
}

func (n dotNode) ID() int64     { return n.id }
func (n dotNode) DOTID() string { return n.dotID }

// memberNode names a node inside a cluster without its attributes, which
// the top level writes once.
type memberNode struct {
	id    int64
	dotID string
}

func (n memberNode) ID() int64     { return n.id }
func (n memberNode) DOTID() string { return n.dotID }

// dotLine is one edge; its ID is the edge's position in the graph's edge
// order, so lines between a pair come out in kind order.
type dotLine struct {
	from, to gg.Node
	id       int64
	attrList
}

func (l dotLine) From() gg.Node         { return l.from }
func (l dotLine) To() gg.Node           { return l.to }
func (l dotLine) ID() int64             { return l.id }
func (l dotLine) ReversedLine() gg.Line { l.from, l.to = l.to, l.from; return l }

// pairEdge is the gonum Edge between two nodes joined by one or more lines.
type pairEdge struct{ from, to gg.Node }

func (e pairEdge) From() gg.Node         { return e.from }
func (e pairEdge) To() gg.Node           { return e.to }
func (e pairEdge) ReversedEdge() gg.Edge { return pairEdge{e.to, e.from} }

// dotGraph is the whole graph as gonum sees it.
type dotGraph struct {
	name     string
	fwd      gg.Directed // the graph's forward view, for neighbours
	nodes    []gg.Node   // dotNode by dense index
	lines    map[[2]int64][]gg.Line
	clusters []dot.Multigraph // top-level location clusters
	graph    attrList
	node     attrList
	edge     attrList
}

func (d *dotGraph) DOTID() string { return d.name }

func (d *dotGraph) DOTAttributers() (graph, node, edge encoding.Attributer) {
	return d.graph, d.node, d.edge
}

func (d *dotGraph) Structure() []dot.Multigraph { return d.clusters }

func (d *dotGraph) Node(id int64) gg.Node {
	if id < 0 || id >= int64(len(d.nodes)) {
		return nil
	}
	return d.nodes[id]
}

func (d *dotGraph) Nodes() gg.Nodes { return iterator.NewOrderedNodes(d.nodes) }

func (d *dotGraph) From(id int64) gg.Nodes { return d.wrap(d.fwd.From(id)) }

func (d *dotGraph) To(id int64) gg.Nodes { return d.wrap(d.fwd.To(id)) }

// wrap turns an iterator over the forward view's bare nodes into one over
// the styled nodes with the same IDs.
func (d *dotGraph) wrap(it gg.Nodes) gg.Nodes {
	var ns []gg.Node
	for it.Next() {
		ns = append(ns, d.nodes[it.Node().ID()])
	}
	if len(ns) == 0 {
		return gg.Empty
	}
	return iterator.NewOrderedNodes(ns)
}

func (d *dotGraph) HasEdgeBetween(x, y int64) bool { return d.fwd.HasEdgeBetween(x, y) }

func (d *dotGraph) HasEdgeFromTo(u, v int64) bool { return d.fwd.HasEdgeFromTo(u, v) }

func (d *dotGraph) Edge(u, v int64) gg.Edge {
	if !d.HasEdgeFromTo(u, v) {
		return nil
	}
	return pairEdge{d.nodes[u], d.nodes[v]}
}

func (d *dotGraph) Lines(u, v int64) gg.Lines {
	ls := d.lines[[2]int64{u, v}]
	if len(ls) == 0 {
		return gg.Empty
	}
	return iterator.NewOrderedLines(ls)
}

// cluster is a location's subgraph: the location, the nodes that are
// part_of it and the clusters of locations inside it. It holds no edges:
// gonum writes a subgraph's edges again at the top level, so every edge is
// written once, there.
type cluster struct {
	name     string // cluster_N: Graphviz draws subgraphs named cluster* as boxes
	attrs    attrList
	members  []gg.Node // memberNode, in ID order
	children []dot.Multigraph
}

func (c *cluster) DOTID() string { return c.name }

func (c *cluster) DOTAttributers() (graph, node, edge encoding.Attributer) {
	return c.attrs, nil, nil
}

func (c *cluster) Structure() []dot.Multigraph { return c.children }

func (c *cluster) Node(id int64) gg.Node {
	for _, n := range c.members {
		if n.ID() == id {
			return n
		}
	}
	return nil
}

func (c *cluster) Nodes() gg.Nodes                { return iterator.NewOrderedNodes(c.members) }
func (c *cluster) From(int64) gg.Nodes            { return gg.Empty }
func (c *cluster) To(int64) gg.Nodes              { return gg.Empty }
func (c *cluster) HasEdgeBetween(_, _ int64) bool { return false }
func (c *cluster) HasEdgeFromTo(_, _ int64) bool  { return false }
func (c *cluster) Edge(_, _ int64) gg.Edge        { return nil }
func (c *cluster) Lines(_, _ int64) gg.Lines      { return gg.Empty }
