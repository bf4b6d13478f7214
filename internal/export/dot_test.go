package export_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/export"
)

func dotText(t testing.TB, g *graph.Graph, opts export.DOTOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.DOT(&buf, g, opts); err != nil {
		t.Fatalf("DOT: %v", err)
	}
	return buf.Bytes()
}

func TestDOTGolden(t *testing.T) {
	tests := []struct {
		file string
		opts export.DOTOptions
	}{
		{"estate.dot", export.DOTOptions{}},
		{"estate-legend.dot", export.DOTOptions{Title: "payments estate", Legend: true}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			golden(t, tt.file, dotText(t, estate(), tt.opts))
		})
	}
}

func TestDOTIsDeterministic(t *testing.T) {
	// Each build merges its builder's shards in a different order.
	first := dotText(t, estate(), export.DOTOptions{Legend: true})
	for range 5 {
		if got := dotText(t, estate(), export.DOTOptions{Legend: true}); !bytes.Equal(first, got) {
			t.Fatalf("two exports of the same graph differ:\n%s", cmp.Diff(string(first), string(got)))
		}
	}
}

func TestDOTNodes(t *testing.T) {
	d := parseDOT(t, dotText(t, estate(), export.DOTOptions{}))
	if len(d.nodes) != estate().Len() {
		t.Errorf("DOT has %d nodes, graph has %d", len(d.nodes), estate().Len())
	}
	want := map[string]string{
		"label":   "payments-deploy\naws-role",
		"tooltip": role,
		"shape":   "ellipse",
	}
	got := d.nodes[role]
	for k, v := range want {
		if got[k] != v {
			t.Errorf("role %s = %q, want %q", k, got[k], v)
		}
	}
	// A node without a name is labelled with its ID.
	if got := d.nodes[weird]["label"]; got != weird+"\nvault-kv-secret" {
		t.Errorf("label of nameless node = %q", got)
	}
}

func TestDOTEscapesIDs(t *testing.T) {
	text := dotText(t, estate(), export.DOTOptions{})
	// The quote and the backslash are escaped, nothing else changes.
	if want := `"vault@prod:secret/payments/\"legacy\"\\db"`; !bytes.Contains(text, []byte(want+" [")) {
		t.Errorf("DOT does not declare the node %s", want)
	}
	d := parseDOT(t, text)
	if _, ok := d.nodes[weird]; !ok {
		t.Errorf("node %s does not read back from the DOT", weird)
	}
	if got := d.nodes[weird]["tooltip"]; got != weird {
		t.Errorf("tooltip = %q, want the full ID %q", got, weird)
	}
}

func TestDOTDrawsEveryEdgeWithItsKind(t *testing.T) {
	g := estate()
	d := parseDOT(t, dotText(t, g, export.DOTOptions{}))
	var want, got []string
	for _, e := range g.Edges() {
		want = append(want, e.Key().String())
	}
	for _, e := range d.edges {
		got = append(got, (graph.EdgeKey{From: e.from, To: e.to, Kind: graph.EdgeKind(e.attrs["label"])}).String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	// Both kinds between the job and the secret are there, and dependency
	// edges are solid while ownership and location edges are dashed.
	kinds := map[string]bool{}
	for _, e := range d.edges {
		if e.from == job && e.to == secret {
			kinds[e.attrs["label"]] = true
		}
		dashed := e.attrs["style"] == "dashed"
		structural := e.attrs["label"] == "owned_by" || e.attrs["label"] == "part_of"
		if dashed != structural {
			t.Errorf("edge %s -%s-> %s: style %q", e.from, e.attrs["label"], e.to, e.attrs["style"])
		}
	}
	if !kinds["reads"] || !kinds["uses"] {
		t.Errorf("job -> secret kinds = %v, want reads and uses", kinds)
	}
}

func TestDOTClustersByLocation(t *testing.T) {
	d := parseDOT(t, dotText(t, estate(), export.DOTOptions{}))
	tests := []struct{ id, location string }{
		{role, account},
		{policy, account},
		{account, account},
		{job, repo},
		{repo, repo},
		{secret, ""},
		{team, ""},
	}
	for _, tt := range tests {
		name := d.clusterOf(tt.id)
		got := ""
		if name != "" {
			got = d.clusters[name].attrs["tooltip"]
		}
		if got != tt.location {
			t.Errorf("%s is drawn in cluster %q of %q, want in %q", tt.id, name, got, tt.location)
		}
	}
	c := d.clusters[d.clusterOf(role)]
	if c == nil || c.attrs["label"] != "payments-prod\naws-account" {
		t.Errorf("account cluster = %+v", c)
	}
}

func TestDOTNestsClusters(t *testing.T) {
	b := graph.NewBuilder()
	for _, n := range []graph.Node{
		{ID: "k8s:prod", Kind: graph.Location, Type: "k8s-cluster"},
		{ID: "k8s:prod/ns/payments", Kind: graph.Location, Type: "k8s-namespace"},
		{ID: "k8s:prod/ns/payments/deploy/api", Kind: graph.Workload, Type: "k8s-workload"},
		{ID: "host:a", Kind: graph.Location, Type: "host"},
		{ID: "host:b", Kind: graph.Location, Type: "host"},
	} {
		b.AddNode(n)
	}
	for _, e := range []graph.Edge{
		{From: "k8s:prod/ns/payments", To: "k8s:prod", Kind: graph.PartOf},
		// Part of both; drawn in the namespace, the more deeply nested.
		{From: "k8s:prod/ns/payments/deploy/api", To: "k8s:prod", Kind: graph.PartOf},
		{From: "k8s:prod/ns/payments/deploy/api", To: "k8s:prod/ns/payments", Kind: graph.PartOf},
		// A cycle between locations is cut, not drawn as clusters in each other.
		{From: "host:a", To: "host:b", Kind: graph.PartOf},
		{From: "host:b", To: "host:a", Kind: graph.PartOf},
	} {
		b.AddEdge(e)
	}
	d := parseDOT(t, dotText(t, b.Build(), export.DOTOptions{}))
	clusterFor := func(id string) string {
		for name, c := range d.clusters {
			if c.attrs["tooltip"] == id {
				return name
			}
		}
		return ""
	}
	outer, inner := clusterFor("k8s:prod"), clusterFor("k8s:prod/ns/payments")
	if outer == "" || inner == "" || !slicesContain(d.clusters[outer].children, inner) {
		t.Fatalf("namespace cluster %q not inside cluster %q: %+v", inner, outer, d.clusters)
	}
	if got := d.clusterOf("k8s:prod/ns/payments/deploy/api"); got != inner {
		t.Errorf("workload drawn in %q, want the namespace's %q", got, inner)
	}
	if a, b := d.clusterOf("host:a"), d.clusterOf("host:b"); a != b || a == "" {
		t.Errorf("hosts in a part_of cycle drawn in clusters %q and %q, want one", a, b)
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestDOTLegendAndTitle(t *testing.T) {
	text := string(dotText(t, estate(), export.DOTOptions{Title: `<script> & "quotes"`, Legend: true}))
	for _, want := range []string{"&lt;script&gt; &amp; &#34;quotes&#34;", ">identity<", ">owned_by, part_of<"} {
		if !strings.Contains(text, want) {
			t.Errorf("legend lacks %q", want)
		}
	}
	if got := parseDOT(t, []byte(text)).graph["labelloc"]; got != "t" {
		t.Errorf("legend labelloc = %q", got)
	}
	// Without the legend the title is a plain label.
	title := "payments \"prod\"\nbefore the change"
	if got := parseDOT(t, dotText(t, estate(), export.DOTOptions{Title: title})).graph["label"]; got != title {
		t.Errorf("label = %q, want %q", got, title)
	}
}
