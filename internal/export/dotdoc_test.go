package export_test

import (
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/formats/dot"
	"gonum.org/v1/gonum/graph/formats/dot/ast"
)

// dotDoc is DOT text read back with gonum's DOT parser, IDs and attribute
// values unquoted, so tests can assert on what a DOT reader sees.
type dotDoc struct {
	graph    map[string]string            // top-level graph attributes
	nodes    map[string]map[string]string // top-level node statements by ID
	edges    []dotEdge
	clusters map[string]*dotCluster // by subgraph name, at any depth
}

type dotEdge struct {
	from, to string
	attrs    map[string]string
}

type dotCluster struct {
	attrs    map[string]string
	members  []string // node IDs named directly inside
	children []string // names of the clusters directly inside
}

func parseDOT(t testing.TB, text []byte) *dotDoc {
	t.Helper()
	f, err := dot.ParseBytes(text)
	if err != nil {
		t.Fatalf("gonum cannot parse the DOT: %v\n%s", err, text)
	}
	if len(f.Graphs) != 1 || !f.Graphs[0].Directed || f.Graphs[0].Strict {
		t.Fatalf("want one non-strict digraph, got %d graphs", len(f.Graphs))
	}
	d := &dotDoc{nodes: map[string]map[string]string{}, clusters: map[string]*dotCluster{}}
	for _, s := range f.Graphs[0].Stmts {
		switch s := s.(type) {
		case *ast.AttrStmt:
			if s.Kind == ast.GraphKind {
				d.graph = attrMap(t, s.Attrs)
			}
		case *ast.NodeStmt:
			d.nodes[unquote(t, s.Node.ID)] = attrMap(t, s.Attrs)
		case *ast.EdgeStmt:
			from, ok1 := s.From.(*ast.Node)
			to, ok2 := s.To.Vertex.(*ast.Node)
			if !ok1 || !ok2 || s.To.To != nil {
				t.Fatalf("unexpected edge statement %s", s)
			}
			d.edges = append(d.edges, dotEdge{unquote(t, from.ID), unquote(t, to.ID), attrMap(t, s.Attrs)})
		case *ast.Subgraph:
			d.addCluster(t, s)
		}
	}
	return d
}

func (d *dotDoc) addCluster(t testing.TB, s *ast.Subgraph) {
	c := &dotCluster{}
	d.clusters[s.ID] = c
	for _, st := range s.Stmts {
		switch st := st.(type) {
		case *ast.AttrStmt:
			if st.Kind == ast.GraphKind {
				c.attrs = attrMap(t, st.Attrs)
			}
		case *ast.NodeStmt:
			c.members = append(c.members, unquote(t, st.Node.ID))
		case *ast.Subgraph:
			c.children = append(c.children, st.ID)
			d.addCluster(t, st)
		default:
			t.Errorf("cluster %s holds %T %s; want only attributes, nodes and clusters", s.ID, st, st)
		}
	}
}

// clusterOf returns the name of the cluster naming node id, or "".
func (d *dotDoc) clusterOf(id string) string {
	for name, c := range d.clusters {
		for _, m := range c.members {
			if m == id {
				return name
			}
		}
	}
	return ""
}

func attrMap(t testing.TB, attrs []*ast.Attr) map[string]string {
	m := make(map[string]string, len(attrs))
	for _, a := range attrs {
		m[a.Key] = unquote(t, a.Val)
	}
	return m
}

// unquote turns a DOT ID back into its string. Quoted IDs are written with
// Go's quoting, so strconv.Unquote undoes them exactly.
func unquote(t testing.TB, s string) string {
	t.Helper()
	if !strings.HasPrefix(s, `"`) {
		return s
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		t.Fatalf("DOT string %s does not unquote: %v", s, err)
	}
	return u
}
