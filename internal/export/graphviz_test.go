package export_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/export"
)

// nastyIDs are IDs and names that have broken DOT writers: DOT syntax,
// keywords, Graphviz escapes, HTML strings, control characters and bytes
// that are not UTF-8.
var nastyIDs = []string{
	"arn:aws:iam::111122223333:role/path/with spaces",
	"arn:aws:secretsmanager:eu-west-1:111122223333:secret:payments/db-AbCdEf",
	"vault@prod:secret/x",
	`a"b`, `a\b`, `ends with \`, `\"`, `"quoted"`, `quoted`, `\\`,
	`<html>`, `<a`, `a>`, `graph`, `Node`, `subgraph`, `-1.5`, `1`, `_`,
	`\N`, `\G`, `\l`, `\n`, "line\nbreak", "cr\rlf", "tab\there",
	"nul\x00byte", "bad\xff\xfeutf8", "\uFFFD", `\ufffd`, "bidi\u202eevil",
	"日本語:ключ/é", "emoji 🔑", "a;b{c}[d]=e,f", "// not a comment", "/* nor */",
	"#1 at line start", "a -> b", "\\\n",
}

// nastyGraph has a node per nasty ID, named with the same string, inside a
// location with a nasty ID, chained by edges of two kinds.
func nastyGraph() *graph.Graph {
	b := graph.NewBuilder()
	loc := `location "<x>" \`
	b.AddNode(graph.Node{ID: loc, Kind: graph.Location, Type: "host", Name: loc})
	for i, id := range nastyIDs {
		b.AddNode(graph.Node{ID: id, Kind: graph.NodeKinds[i%len(graph.NodeKinds)], Type: id, Name: id})
		b.AddEdge(graph.Edge{From: id, To: loc, Kind: graph.PartOf})
		if i > 0 {
			b.AddEdge(graph.Edge{From: nastyIDs[i-1], To: id, Kind: graph.Reads})
			b.AddEdge(graph.Edge{From: nastyIDs[i-1], To: id, Kind: graph.Uses})
		}
	}
	return b.Build()
}

// graphviz runs Graphviz's dot on text, skipping when it is not installed.
func graphviz(t *testing.T, text []byte, format string) []byte {
	t.Helper()
	path, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("dot not found on PATH; install graphviz to run (apt-get install graphviz)")
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(path, "-T"+format)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(text), &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("dot -T%s: %v\n%s\ninput:\n%s", format, err, stderr.String(), text)
	}
	if stderr.Len() > 0 {
		t.Errorf("dot -T%s warned:\n%s", format, stderr.String())
	}
	return stdout.Bytes()
}

func TestDOTRendersWithGraphviz(t *testing.T) {
	for name, g := range map[string]*graph.Graph{"estate": estate(), "nasty": nastyGraph()} {
		t.Run(name, func(t *testing.T) {
			text := dotText(t, g, export.DOTOptions{Title: "review " + name + ` "\N"`, Legend: true})
			if svg := graphviz(t, text, "svg"); !bytes.Contains(svg, []byte("<svg")) {
				t.Errorf("dot -Tsvg printed no <svg:\n%.500s", svg)
			}
		})
	}
}

// TestGraphvizSeesEveryNode checks that Graphviz reads each distinct ID as a
// distinct node, and every edge as an edge: no two IDs collapse into one.
func TestGraphvizSeesEveryNode(t *testing.T) {
	g := nastyGraph()
	out := graphviz(t, dotText(t, g, export.DOTOptions{}), "json")
	var drawn struct {
		Subgraphs int `json:"_subgraph_cnt"`
		Objects   []struct {
			Name string `json:"name"`
		} `json:"objects"`
		Edges []struct {
			Label string `json:"label"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(out, &drawn); err != nil {
		t.Fatalf("read dot -Tjson: %v", err)
	}
	names := map[string]bool{}
	for _, o := range drawn.Objects[drawn.Subgraphs:] {
		names[o.Name] = true
	}
	if len(names) != g.Len() || len(drawn.Objects)-drawn.Subgraphs != g.Len() {
		t.Errorf("Graphviz drew %d nodes (%d distinct), the graph has %d", len(drawn.Objects)-drawn.Subgraphs, len(names), g.Len())
	}
	if drawn.Subgraphs != 1 {
		t.Errorf("Graphviz drew %d clusters, want 1", drawn.Subgraphs)
	}
	if len(drawn.Edges) != len(g.Edges()) {
		t.Errorf("Graphviz drew %d edges, the graph has %d", len(drawn.Edges), len(g.Edges()))
	}
	for _, e := range drawn.Edges {
		if !strings.Contains("part_of reads uses", e.Label) || e.Label == "" {
			t.Errorf("edge label %q", e.Label)
		}
	}
}

func TestDOTReadsBackNastyIDs(t *testing.T) {
	g := nastyGraph()
	d := parseDOT(t, dotText(t, g, export.DOTOptions{Legend: true, Title: strings.Join(nastyIDs, " ")}))
	for _, n := range g.Nodes() {
		if _, ok := d.nodes[n.ID]; !ok {
			t.Errorf("node %q does not read back from the DOT", n.ID)
		}
	}
	if len(d.edges) != len(g.Edges()) {
		t.Errorf("DOT has %d edges, the graph %d", len(d.edges), len(g.Edges()))
	}
}
