package export_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/export"
)

func TestFormats(t *testing.T) {
	if diff := cmp.Diff([]string{"dot", "json", "graphml", "cytoscape", "opengraph", "mermaid", "neo4j"}, export.Formats()); diff != "" {
		t.Errorf("Formats (-want +got):\n%s", diff)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := export.Write(&bytes.Buffer{}, "gexf", estate(), export.Options{})
	if !errors.Is(err, export.ErrUnknownFormat) {
		t.Fatalf("err = %v, want ErrUnknownFormat", err)
	}
	if want := `unknown export format "gexf"; valid formats: dot, json, graphml, cytoscape, opengraph, mermaid, neo4j`; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

func TestWriteMatchesExporters(t *testing.T) {
	g := estate()
	opts := export.Options{DOT: export.DOTOptions{Legend: true}}
	var viaWrite, direct bytes.Buffer
	if err := export.Write(&viaWrite, "DOT", g, opts); err != nil {
		t.Fatal(err)
	}
	if err := export.DOT(&direct, g, opts.DOT); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(direct.String(), viaWrite.String()); diff != "" {
		t.Errorf("Write dot differs from DOT (-want +got):\n%s", diff)
	}
}

func TestJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := export.Write(&buf, "json", estate(), export.Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "estate.json", buf.Bytes())
	back, err := graph.DecodeJSON(buf.Bytes())
	if err != nil {
		t.Fatalf("the JSON export does not read back: %v", err)
	}
	if diff := cmp.Diff(estate().String(), back.String()); diff != "" {
		t.Errorf("graph changed through JSON (-want +got):\n%s", diff)
	}
}

// exportedIDs writes the focus export as JSON and returns its node IDs.
func exportedIDs(t *testing.T, opts export.Options) []string {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Write(&buf, "json", estate(), opts); err != nil {
		t.Fatalf("Write(%+v): %v", opts, err)
	}
	g, err := graph.DecodeJSON(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range g.Nodes() {
		ids = append(ids, n.ID)
	}
	return ids
}

func TestWriteFocusDepth(t *testing.T) {
	tests := []struct {
		name  string
		focus []string
		depth int
		want  []string
	}{
		{"depth 0 keeps the focus", []string{role}, 0, []string{role}},
		{"depth 1 adds neighbours both ways", []string{role}, 1, []string{policy, role, account, job, team}},
		{"depth 2 reaches further", []string{role}, 2, []string{policy, role, account, job, repo, team, secret, weird}},
		{"a suffix and a name resolve", []string{"payments/db", "Payments"}, 0, []string{team, secret}},
		{"negative depth has no limit", []string{"payments-prod"}, -1, []string{policy, role, account, job, repo, team, secret, weird}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exportedIDs(t, export.Options{Focus: tt.focus, Depth: tt.depth})
			want := slices.Sorted(slices.Values(tt.want))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteFocusDOT(t *testing.T) {
	var buf bytes.Buffer
	if err := export.Write(&buf, "dot", estate(), export.Options{Focus: []string{"deploy"}, Depth: 1}); err != nil {
		t.Fatal(err)
	}
	d := parseDOT(t, buf.Bytes())
	if len(d.nodes) != 6 || d.nodes[policy] != nil {
		t.Errorf("focus on the job at depth 1 drew %d nodes (policy drawn: %v), want 6 without the policy", len(d.nodes), d.nodes[policy] != nil)
	}
}

func TestWriteFocusUnresolvable(t *testing.T) {
	t.Run("not found", func(t *testing.T) {
		err := export.Write(&bytes.Buffer{}, "dot", estate(), export.Options{Focus: []string{role, "secret/payment/db"}})
		var nf *graph.NotFoundError
		if !errors.As(err, &nf) || nf.Ref != "secret/payment/db" {
			t.Fatalf("err = %v, want a *graph.NotFoundError for the second ref", err)
		}
		if !strings.Contains(err.Error(), secret) {
			t.Errorf("err = %q does not suggest %s", err, secret)
		}
	})
	t.Run("ambiguous", func(t *testing.T) {
		// "payments" names nothing but ends several IDs after a separator.
		err := export.Write(&bytes.Buffer{}, "json", estate(), export.Options{Focus: []string{"payments"}})
		var amb *graph.AmbiguousError
		if !errors.As(err, &amb) {
			t.Fatalf("err = %v, want a *graph.AmbiguousError", err)
		}
	})
}
