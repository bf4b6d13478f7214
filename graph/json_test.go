package graph_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func richGraph() *graph.Graph {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "cron:host:batch-01/etc/crontab#3", Kind: graph.Workload, Type: "cron-job", Name: "backup",
		Attrs:    map[string]string{"user": "root", "command": "/usr/local/bin/backup \"nightly\""},
		Schedule: &graph.Schedule{Expr: "15 3 * * *", Dialect: graph.Cron, TimeZone: "Europe/Berlin"},
		Evidence: []graph.Evidence{{Connector: "cron", Source: "etc/crontab", Line: 3, Basis: graph.Declared}}})
	b.AddNode(graph.Node{ID: "vault:secret/backup/s3", Kind: graph.Credential, Type: "vault-kv-secret",
		Evidence: []graph.Evidence{
			{Connector: "vault", Source: "LIST secret/metadata/backup", Basis: graph.Configured},
			{Connector: "cron", Source: "etc/crontab", Line: 3, Basis: graph.Declared, Note: "ünïcødé ✓"},
		}})
	b.AddNode(graph.Node{ID: "host:batch-01", Kind: graph.Location, Type: "host"})
	b.AddEdge(graph.Edge{From: "cron:host:batch-01/etc/crontab#3", To: "vault:secret/backup/s3", Kind: graph.Reads,
		Attrs: map[string]string{"field": "password"},
		Evidence: []graph.Evidence{{Connector: "cron", Source: "etc/crontab", Line: 3, Basis: graph.Declared},
			{Connector: "vault-audit", Source: "var/log/vault/audit.log", Basis: graph.Observed, Observed: &graph.Observation{
				FirstSeen: time.Date(2026, 11, 1, 3, 15, 0, 0, time.UTC), LastSeen: time.Date(2026, 11, 29, 3, 15, 2, 0, time.UTC),
				Count: 29, Sources: []string{"10.0.4.17"}}}}})
	b.AddEdge(graph.Edge{From: "cron:host:batch-01/etc/crontab#3", To: "host:batch-01", Kind: graph.PartOf})
	b.Diagnose(graph.Diagnostic{Connector: "cron", File: "etc/cron.d/bad", Line: 2, Severity: graph.Error, Message: "minute field 61 out of range 0-59"})
	return b.Build()
}

func TestJSONRoundTrip(t *testing.T) {
	for name, g := range map[string]*graph.Graph{"rich": richGraph(), "sample": sample(), "empty": graph.NewBuilder().Build()} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := g.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			back, err := graph.DecodeJSON(buf.Bytes())
			if err != nil {
				t.Fatalf("decode: %v\n%s", err, buf.String())
			}
			if diff := cmp.Diff(g.Nodes(), back.Nodes()); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(g.Edges(), back.Edges()); diff != "" {
				t.Errorf("edges (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(g.Diagnostics(), back.Diagnostics()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			var again bytes.Buffer
			if err := back.WriteJSON(&again); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Errorf("re-encoding differs:\n%s", cmp.Diff(buf.String(), again.String()))
			}
			if !graph.LooksLikeGraphFile(buf.Bytes()[:min(64, buf.Len())]) {
				t.Error("LooksLikeGraphFile does not recognise the output")
			}
		})
	}
}

func TestJSONRejectsBadFiles(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"future version", `{"format":"convene-graph","version":2,"nodes":[]}`, "graph file version 2 is not supported: this convene reads version 1"},
		{"no version", `{"format":"convene-graph","nodes":[]}`, "graph file has no version"},
		{"other format", `{"nodes":[]}`, `not a convene graph file (format is "", want "convene-graph")`},
		{"syntax", "{\"format\":\"convene-graph\",\n\"version\":1,\n\"nodes\":[}", "line 3: invalid graph file"},
		{"type", "{\"format\":\"convene-graph\",\"version\":1,\n\"nodes\":[{\"id\":5}]}", "line 2: invalid graph file"},
		{"bad kind", `{"format":"convene-graph","version":1,"nodes":[{"id":"a","kind":"gizmo"}]}`, `nodes[0]: node "a" has unknown kind "gizmo"`},
		{"bad edge", `{"format":"convene-graph","version":1,"nodes":[],"edges":[{"from":"a","to":"b","kind":"likes"}]}`, `edges[0]: edge a -likes-> b has unknown kind`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := graph.DecodeJSON([]byte(tt.in))
			var fe *graph.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FormatError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func FuzzDecodeJSON(f *testing.F) {
	var buf bytes.Buffer
	richGraph().WriteJSON(&buf)
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format":"convene-graph","version":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := graph.DecodeJSON(data)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := g.WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
		back, err := graph.DecodeJSON(out.Bytes())
		if err != nil {
			t.Fatalf("re-decode of our own output: %v", err)
		}
		if back.String() != g.String() {
			t.Fatalf("round trip changed the graph:\n%s", cmp.Diff(g.String(), back.String()))
		}
	})
}

func TestDecodeMergesRepeatsInHandMadeFiles(t *testing.T) {
	in := `{"format":"convene-graph","version":1,
"nodes":[{"id":"a","kind":"workload","attrs":{"x":"1"}},{"id":"a","kind":"workload","attrs":{"y":"2"}},{"id":"b","kind":"credential"}],
"edges":[{"from":"a","to":"b","kind":"reads","evidence":[{"connector":"c","line":2}]},{"from":"a","to":"b","kind":"reads","evidence":[{"connector":"c","line":1}]}],
"diagnostics":[]}`
	g, err := graph.DecodeJSON([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := `node a kind=workload type="" name="" x="1" y="2"
node b kind=credential type="" name=""
edge a -reads-> b
  evidence c
  evidence c
`
	if diff := cmp.Diff(want, g.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(g.Edges()[0].Evidence) != 2 || g.Edges()[0].Evidence[0].Line != 1 {
		t.Errorf("evidence not merged in order: %+v", g.Edges()[0].Evidence)
	}
}
