package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

// richEstate holds every field the encoding carries: attributes, a
// schedule, shared and several-item evidence, an observation, diagnostics.
func richEstate() *graph.Graph {
	b := graph.NewBuilder()
	shared := []graph.Evidence{{Connector: "cron", Source: "etc/crontab", Line: 3, Basis: graph.Declared}}
	b.AddNode(graph.Node{ID: "cron:batch-01/backup", Kind: graph.Workload, Type: "cron-job", Name: "backup",
		Attrs:    map[string]string{"user": "root", "command": "/usr/local/bin/backup \"nightly\""},
		Schedule: &graph.Schedule{Expr: "15 3 * * *", Dialect: graph.Cron, TimeZone: "Europe/Berlin"},
		Evidence: shared})
	b.AddNode(graph.Node{ID: "vault:secret/backup/s3", Kind: graph.Credential, Type: "vault-kv-secret",
		Evidence: []graph.Evidence{
			{Connector: "vault", Source: "LIST secret/metadata/backup", Basis: graph.Configured},
			{Connector: "cron", Source: "etc/crontab", Line: 3, Basis: graph.Declared, Note: "ünïcødé ✓"},
		}})
	b.AddNode(graph.Node{ID: "host:batch-01", Kind: graph.Location, Type: "host", Evidence: shared})
	b.AddEdge(graph.Edge{From: "cron:batch-01/backup", To: "vault:secret/backup/s3", Kind: graph.Reads,
		Attrs: map[string]string{"field": "password"},
		Evidence: []graph.Evidence{shared[0], {Connector: "vault-audit", Source: "audit.log", Basis: graph.Observed, Observed: &graph.Observation{
			FirstSeen: time.Date(2026, 11, 1, 3, 15, 0, 7, time.UTC), LastSeen: time.Date(2026, 11, 29, 3, 15, 2, 0, time.UTC),
			Count: 29, Sources: []string{"10.0.4.17", "10.0.4.18"}}}}})
	b.AddEdge(graph.Edge{From: "cron:batch-01/backup", To: "host:batch-01", Kind: graph.PartOf, Evidence: shared})
	b.AddEdge(graph.Edge{From: "vault:secret/backup/s3", To: "host:batch-01", Kind: graph.PartOf})
	b.Diagnose(graph.Diagnostic{Connector: "cron", File: "etc/cron.d/bad", Line: -2, Severity: graph.Error, Message: "minute field 61 out of range 0-59"})
	return b.Build()
}

func encodeSnapshot(t testing.TB, g *graph.Graph) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := writeSnapshot(&buf, g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func graphFile(t testing.TB, g *graph.Graph) string {
	t.Helper()
	var buf bytes.Buffer
	if err := g.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestSnapshotRoundTrip(t *testing.T) {
	for name, g := range map[string]*graph.Graph{
		"rich": richEstate(), "empty": graph.NewBuilder().Build(), "synthetic": synth.Build(1, 2000), "tagged": estate("x", 50),
	} {
		t.Run(name, func(t *testing.T) {
			back, err := readSnapshot(encodeSnapshot(t, g))
			if err != nil {
				t.Fatal(err)
			}
			// The graph file is the canonical rendering: byte-equal files
			// mean equal graphs, observation times included.
			if diff := cmp.Diff(graphFile(t, g), graphFile(t, back)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(g.Nodes(), back.Nodes()); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSnapshotRefusesDamage flips, cuts and extends an encoded snapshot;
// each must be an error, never a panic or a wrong graph.
func TestSnapshotRefusesDamage(t *testing.T) {
	data := encodeSnapshot(t, richEstate())
	payload := decompress(t, data)
	tests := []struct {
		name string
		data []byte
	}{
		{"no magic", data[1:]},
		{"cut", data[:len(data)-3]},
		{"payload cut", recompress(t, payload[:len(payload)-1])},
		{"payload bit flipped", recompress(t, flip(payload, len(payload)/2))},
		{"checksum wrong", recompress(t, flip(payload, len(payload)-1))},
		{"payload extended", recompress(t, append(bytes.Clone(payload), 0))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if g, err := readSnapshot(tt.data); err == nil {
				t.Fatalf("read a damaged snapshot: %d nodes", g.Len())
			}
		})
	}
}

func TestSnapshotRefusesNewerEncoding(t *testing.T) {
	payload := decompress(t, encodeSnapshot(t, richEstate()))
	payload[0] = snapVersion + 1
	_, err := readSnapshot(recompress(t, payload))
	if err == nil || !strings.Contains(err.Error(), "upgrade convene") || errors.Is(err, errCorrupt) {
		t.Errorf("err = %v, want a version error", err)
	}
}

// TestStoreReadsSnapshotsOfBothEncodings keeps a store that an earlier
// release wrote (gzip-compressed graph files) working after the upgrade:
// its snapshots load and merge with snapshots saved in the new encoding.
func TestStoreReadsSnapshotsOfBothEncodings(t *testing.T) {
	ctx := context.Background()
	for _, be := range backends(t) {
		t.Run(be.name, func(t *testing.T) {
			s := open(t, be.url(t))
			old := estate("old", 4)
			info, err := s.Save(ctx, old, Info{Source: "old"})
			if err != nil {
				t.Fatal(err)
			}
			// Rewrite the row as the earlier release stored it.
			ss := s.(*sqlStore)
			if _, err := ss.db.ExecContext(ctx, ss.q(`UPDATE snapshot_graphs SET data = ? WHERE snapshot_id = ?`), gz(t, old), info.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Save(ctx, richEstate(), Info{Source: "new"}); err != nil {
				t.Fatal(err)
			}
			back, _, err := s.Load(ctx, info.ID)
			if err != nil {
				t.Fatalf("load an old snapshot: %v", err)
			}
			if diff := cmp.Diff(graphFile(t, old), graphFile(t, back)); diff != "" {
				t.Errorf("old snapshot (-want +got):\n%s", diff)
			}
			st, err := s.StateAt(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if want := old.Len() + richEstate().Len(); st.Graph.Len() != want {
				t.Errorf("merged state has %d nodes, want %d", st.Graph.Len(), want)
			}
		})
	}
}

func FuzzReadSnapshot(f *testing.F) {
	f.Add(encodeSnapshot(f, richEstate()))
	f.Add(encodeSnapshot(f, estate("f", 5)))
	f.Add([]byte(snapMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := readSnapshot(data)
		if err != nil {
			return
		}
		back, err := readSnapshot(encodeSnapshot(t, g))
		if err != nil {
			t.Fatalf("re-read of our own encoding: %v", err)
		}
		if back.String() != g.String() {
			t.Fatalf("round trip changed the graph:\n%s", cmp.Diff(g.String(), back.String()))
		}
	})
}

func decompress(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zstd.NewReader(bytes.NewReader(data[len(snapMagic):]))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func recompress(t *testing.T, payload []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString(snapMagic)
	zw, _ := zstd.NewWriter(&buf)
	zw.Write(payload)
	zw.Close()
	return buf.Bytes()
}

func flip(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0x20
	return b
}
