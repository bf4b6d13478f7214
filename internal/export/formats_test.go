package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/export"
)

func write(t *testing.T, format string, g *graph.Graph, opts export.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Write(&buf, format, g, opts); err != nil {
		t.Fatalf("Write %s: %v", format, err)
	}
	return buf.Bytes()
}

func TestFormatGoldens(t *testing.T) {
	for _, tt := range []struct{ format, file string }{
		{"graphml", "estate.graphml"},
		{"cytoscape", "estate.cyjs"},
		{"opengraph", "estate.opengraph.json"},
		{"mermaid", "estate.mmd"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			golden(t, tt.file, write(t, tt.format, estate(), export.Options{}))
		})
	}
}

// graphmlDoc is the part of GraphML the test reads back.
type graphmlDoc struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
	} `xml:"key"`
	Nodes []struct {
		ID   string `xml:"id,attr"`
		Data []struct {
			Key   string `xml:"key,attr"`
			Value string `xml:",chardata"`
		} `xml:"data"`
	} `xml:"graph>node"`
	Edges []struct {
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
	} `xml:"graph>edge"`
}

func TestGraphMLIsWellFormedForHostileIDs(t *testing.T) {
	b := graph.NewBuilder()
	ids := []string{`a"b`, "x<y>&z", "tab\there", "nl\nhere", "nul\x00byte", "ünï ✓", `it's`}
	for _, id := range ids {
		b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "k8s-secret", Attrs: map[string]string{"note": id}})
	}
	b.AddEdge(graph.Edge{From: ids[0], To: ids[1], Kind: graph.CopyOf})
	var doc graphmlDoc
	if err := xml.Unmarshal(write(t, "graphml", b.Build(), export.Options{}), &doc); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	var got []string
	for _, n := range doc.Nodes {
		got = append(got, n.ID)
	}
	want := slices.Clone(ids)
	want[4] = `nul\x00byte` // XML cannot hold a NUL: spelt as an escape
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("node IDs (-want +got):\n%s", diff)
	}
	if len(doc.Edges) != 1 || doc.Edges[0].Source != ids[0] || doc.Edges[0].Target != ids[1] {
		t.Errorf("edges = %+v", doc.Edges)
	}
}

// TestGraphMLReadByNetworkx loads the export with networkx's read_graphml,
// the reader Gephi-less analysts use.
func TestGraphMLReadByNetworkx(t *testing.T) {
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import networkx").Run(); err != nil {
		t.Skip("networkx not found for /usr/bin/python3; install Debian's python3-networkx to run this test")
	}
	path := filepath.Join(t.TempDir(), "estate.graphml")
	if err := os.WriteFile(path, write(t, "graphml", estate(), export.Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
role = g.nodes["` + role + `"]
print(json.dumps({
  "nodes": g.number_of_nodes(),
  "edges": g.number_of_edges(),
  "multigraph": g.is_multigraph(),
  "role": {"kind": role["kind"], "type": role["type"], "name": role["name"], "evidence": role["evidence"]},
  "assumes": sorted(d["kind"] for u, v, d in g.edges(data=True) if u == "` + job + `"),
}))
`
	out, err := exec.Command(python, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("networkx: %v\n%s", err, out)
	}
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := map[string]any{
		"nodes": 8.0, "edges": 12.0, "multigraph": true,
		"role":    map[string]any{"kind": "identity", "type": "aws-role", "name": "payments-deploy", "evidence": 1.0},
		"assumes": []any{"assumes", "owned_by", "part_of", "reads", "reads", "uses"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("networkx read (-want +got):\n%s", diff)
	}
}

func TestCytoscapeElements(t *testing.T) {
	var doc struct {
		Elements struct {
			Nodes []struct{ Data map[string]string } `json:"nodes"`
			Edges []struct{ Data map[string]string } `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(write(t, "cytoscape", estate(), export.Options{}), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, n := range doc.Elements.Nodes {
		ids[n.Data["id"]] = true
	}
	for _, e := range doc.Elements.Edges {
		if !ids[e.Data["source"]] || !ids[e.Data["target"]] || e.Data["interaction"] != e.Data["kind"] {
			t.Errorf("edge %v: ends must be nodes and interaction the kind", e.Data)
		}
	}
	if len(doc.Elements.Nodes) != 8 || len(doc.Elements.Edges) != 12 {
		t.Errorf("%d nodes, %d edges; want 8 and 12", len(doc.Elements.Nodes), len(doc.Elements.Edges))
	}
}

// TestOpenGraphFollowsTheSchema checks the rules BloodHound's generic
// ingest enforces: every node has an id and at least one kind, properties
// are primitives (or arrays of one primitive type), every edge has start,
// end and kind, and its ends name nodes of the payload.
func TestOpenGraphFollowsTheSchema(t *testing.T) {
	var doc struct {
		Metadata struct {
			SourceKind string `json:"source_kind"`
		} `json:"metadata"`
		Graph struct {
			Nodes []struct {
				ID         string         `json:"id"`
				Kinds      []string       `json:"kinds"`
				Properties map[string]any `json:"properties"`
			} `json:"nodes"`
			Edges []struct {
				Start      ogEnd          `json:"start"`
				End        ogEnd          `json:"end"`
				Kind       string         `json:"kind"`
				Properties map[string]any `json:"properties"`
			} `json:"edges"`
		} `json:"graph"`
	}
	kinds := map[string][]string{}
	dec := json.NewDecoder(bytes.NewReader(write(t, "opengraph", estate(), export.Options{})))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Metadata.SourceKind != "Convene" {
		t.Errorf("source_kind = %q", doc.Metadata.SourceKind)
	}
	primitive := func(where string, props map[string]any) {
		for k, v := range props {
			switch v.(type) {
			case string, float64, bool:
			default:
				t.Errorf("%s: property %s = %v (%T) is not a primitive", where, k, v, v)
			}
		}
	}
	ids := map[string]bool{}
	for _, n := range doc.Graph.Nodes {
		if n.ID == "" || len(n.Kinds) == 0 || !strings.HasPrefix(n.Kinds[0], "Convene") {
			t.Errorf("node %q kinds %v", n.ID, n.Kinds)
		}
		primitive(n.ID, n.Properties)
		ids[n.ID] = true
		kinds[n.ID] = n.Kinds
	}
	for _, e := range doc.Graph.Edges {
		if e.Kind == "" || e.Start.MatchBy != "id" || !ids[e.Start.Value] || !ids[e.End.Value] {
			t.Errorf("edge %+v", e)
		}
		primitive(e.Kind, e.Properties)
	}
	if got := kinds[role]; !slices.Equal(got, []string{"ConveneAwsRole", "ConveneIdentity", "Convene"}) {
		t.Errorf("kinds of the role = %v", got)
	}
}

func TestMermaidEscapesLabels(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "x", Kind: graph.Workload, Type: "cron-job", Name: `say "hi" <b>#1</b>` + "\nnext"})
	out := string(write(t, "mermaid", b.Build(), export.Options{DOT: export.DOTOptions{Title: "a # title"}}))
	want := `n0("say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt;<br/>next<br/><small>cron-job</small>"):::workload`
	if !strings.Contains(out, want) {
		t.Errorf("mermaid output lacks %s:\n%s", want, out)
	}
	if !strings.HasPrefix(out, "---\ntitle: a #35; title\n---\nflowchart LR\n") {
		t.Errorf("title block:\n%s", out)
	}
}

type ogEnd struct {
	MatchBy string `json:"match_by"`
	Value   string `json:"value"`
}

// memFiles collects the files a multi-file format writes.
type memFiles map[string]*bytes.Buffer

type memFile struct{ *bytes.Buffer }

func (memFile) Close() error { return nil }

func (m memFiles) Create(name string) (io.WriteCloser, error) {
	m[name] = &bytes.Buffer{}
	return memFile{m[name]}, nil
}

func TestNeo4jFiles(t *testing.T) {
	files := memFiles{}
	if err := export.WriteFiles(files, "neo4j", estate(), export.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := export.Write(&bytes.Buffer{}, "neo4j", estate(), export.Options{}); !errors.Is(err, export.ErrNeedsFiles) {
		t.Errorf("Write neo4j to one stream: err = %v, want ErrNeedsFiles", err)
	}
	read := func(name string) [][]string {
		rows, err := csv.NewReader(bytes.NewReader(files[name].Bytes())).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return rows
	}
	nodes, rels := read("nodes.csv"), read("relationships.csv")
	if diff := cmp.Diff([]string{"id:ID", ":LABEL", "name", "kind", "type", "schedule", "basis", "attrs", "evidence"}, nodes[0]); diff != "" {
		t.Errorf("nodes header (-want +got):\n%s", diff)
	}
	if len(nodes) != 9 || len(rels) != 13 {
		t.Errorf("%d node rows, %d relationship rows; want 9 and 13 with headers", len(nodes)-1, len(rels)-1)
	}
	if got := nodes[2]; got[0] != role || got[1] != "Convene;Identity;AwsRole" {
		t.Errorf("the role's row = %v", got)
	}
	golden(t, "load.cypher", files["load.cypher"].Bytes())
}

func TestFilterAndHubs(t *testing.T) {
	// Two unrelated jobs owned by one team and kept in one repository.
	b := graph.NewBuilder()
	for _, n := range []graph.Node{
		{ID: "job-a", Kind: graph.Workload}, {ID: "job-b", Kind: graph.Workload},
		{ID: "key-a", Kind: graph.Credential}, {ID: "team:x", Kind: graph.Owner}, {ID: "repo", Kind: graph.Location},
	} {
		b.AddNode(n)
	}
	for _, e := range []graph.Edge{
		{From: "job-a", To: "key-a", Kind: graph.Uses},
		{From: "job-a", To: "team:x", Kind: graph.OwnedBy}, {From: "job-b", To: "team:x", Kind: graph.OwnedBy},
		{From: "job-a", To: "repo", Kind: graph.PartOf}, {From: "job-b", To: "repo", Kind: graph.PartOf},
	} {
		b.AddEdge(e)
	}
	g := b.Build()
	ids := func(opts export.Options) []string {
		back, err := graph.DecodeJSON(write(t, "json", g, opts))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range back.Nodes() {
			out = append(out, n.ID)
		}
		return out
	}
	tests := []struct {
		name string
		opts export.Options
		want []string
	}{
		{"a focus walk stops at hubs", export.Options{Focus: []string{"job-a"}, Depth: 3}, []string{"job-a", "key-a", "repo", "team:x"}},
		{"unless asked", export.Options{Focus: []string{"job-a"}, Depth: 3, ThroughHubs: true}, []string{"job-a", "job-b", "key-a", "repo", "team:x"}},
		{"a hub in focus is walked from", export.Options{Focus: []string{"team:x"}, Depth: 1}, []string{"job-a", "job-b", "team:x"}},
		{"exclude owners and locations", export.Options{Filter: export.Filter{Exclude: []graph.NodeKind{graph.Owner, graph.Location}}}, []string{"job-a", "job-b", "key-a"}},
		{"kinds", export.Options{Filter: export.Filter{Kinds: []graph.NodeKind{graph.Credential}}}, []string{"key-a"}},
		{"edge kinds narrow the walk", export.Options{Focus: []string{"job-a"}, Depth: 2, Filter: export.Filter{EdgeKinds: []graph.EdgeKind{graph.Uses}}}, []string{"job-a", "key-a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ids(tt.opts)); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
		})
	}
	back, _ := graph.DecodeJSON(write(t, "json", g, export.Options{Filter: export.Filter{EdgeKinds: []graph.EdgeKind{graph.OwnedBy}}}))
	if n := len(back.Edges()); n != 2 {
		t.Errorf("edge-kinds owned_by kept %d edges, want 2", n)
	}
}

func TestParseKinds(t *testing.T) {
	got, err := export.ParseNodeKinds([]string{"owner, Location", ""})
	if err != nil || !slices.Equal(got, []graph.NodeKind{graph.Owner, graph.Location}) {
		t.Errorf("ParseNodeKinds = %v, %v", got, err)
	}
	if _, err := export.ParseNodeKinds([]string{"owners"}); err == nil || !strings.Contains(err.Error(), "valid kinds: identity") {
		t.Errorf("unknown kind: err = %v", err)
	}
	if _, err := export.ParseEdgeKinds([]string{"reads,ownedby"}); err == nil || !strings.Contains(err.Error(), `"ownedby"`) {
		t.Errorf("unknown edge kind: err = %v", err)
	}
}
