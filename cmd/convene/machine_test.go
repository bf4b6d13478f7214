package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestScanSummaryJSON: scan --summary json counts what the graph file holds.
func TestScanSummaryJSON(t *testing.T) {
	out := filepath.Join(t.TempDir(), "estate.json")
	stdout, stderr, code := run(t, "scan", "testdata/estate", "--out", out, "--summary", "json")
	if code != 0 {
		t.Fatalf("scan: exit %d\n%s", code, stderr)
	}
	var sum struct {
		Files      struct{ Seen, Read int }
		Connectors []struct {
			Name, Status string
			Files        int
		}
		Graph struct {
			Nodes, Edges int
			NodesByKind  map[string]int `json:"nodes_by_kind"`
		}
		Escalations map[string]int
		Ownership   struct{ Ownable, Unowned int }
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	data, _ := os.ReadFile(out)
	g, err := graph.DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	nodes, _ := g.Count()
	byKind := map[string]int{}
	for k, n := range nodes {
		byKind[string(k)] = n
	}
	got := []int{sum.Graph.Nodes, sum.Graph.Edges}
	if diff := cmp.Diff([]int{g.Len(), len(g.Edges())}, got); diff != "" {
		t.Errorf("graph counts (-file +summary):\n%s", diff)
	}
	if diff := cmp.Diff(byKind, sum.Graph.NodesByKind); diff != "" {
		t.Errorf("nodes by kind (-file +summary):\n%s", diff)
	}
	canBecome := 0
	for _, e := range g.Edges() {
		if e.Kind == graph.CanBecome {
			canBecome++
		}
	}
	escalations := 0
	for _, n := range sum.Escalations {
		escalations += n
	}
	if escalations < canBecome || sum.Files.Read == 0 || sum.Files.Seen < sum.Files.Read || len(sum.Connectors) == 0 ||
		sum.Ownership.Unowned > sum.Ownership.Ownable {
		t.Errorf("summary does not add up (%d can_become edges, %d escalations, %+v):\n%s", canBecome, escalations, sum.Files, stdout)
	}
	for _, c := range sum.Connectors {
		if c.Status != "ok" {
			t.Errorf("connector %s: status %q on the sample estate", c.Name, c.Status)
		}
	}
	if _, _, code := run(t, "scan", "testdata/estate", "--summary", "yaml"); code != 2 {
		t.Errorf("--summary yaml: exit %d, want 2", code)
	}
}

// TestShowJSON: show --format json lists the node's edges in and out with
// their evidence, and its owners with where each came from.
func TestShowJSON(t *testing.T) {
	out := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	const id = "arn:aws:iam::111122223333:role/payments-deploy"
	stdout, stderr, code := run(t, "show", "role/payments-deploy", "--graph", out, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var doc struct {
		Node struct {
			ID       string
			Evidence []struct{ Connector, Source string }
		}
		Ownable bool
		Owners  []struct {
			ID, Source string
			Effective  bool
			Evidence   []struct{ Connector string }
		}
		EdgesOut []struct{ From, To, Kind string } `json:"edges_out"`
		EdgesIn  []struct {
			From, To, Kind string
			Evidence       []struct{ Connector string }
		} `json:"edges_in"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	g, _ := graph.DecodeJSON(data)
	if doc.Node.ID != id || len(doc.Node.Evidence) == 0 || len(doc.EdgesOut) != len(g.Out(id)) || len(doc.EdgesIn) != len(g.In(id)) {
		t.Errorf("node %s with %d evidence, %d edges out (graph %d), %d in (graph %d)", doc.Node.ID, len(doc.Node.Evidence),
			len(doc.EdgesOut), len(g.Out(id)), len(doc.EdgesIn), len(g.In(id)))
	}
	for _, e := range doc.EdgesIn {
		if e.To != id || len(e.Evidence) == 0 {
			t.Errorf("edge in %+v: not to the node, or no evidence", e)
		}
	}
	if !doc.Ownable || len(doc.Owners) == 0 || !doc.Owners[0].Effective || doc.Owners[0].Source == "" || len(doc.Owners[0].Evidence) == 0 {
		t.Errorf("owners without provenance: %+v", doc.Owners)
	}
	if _, _, code := run(t, "show", "role/payments-deploy", "--graph", out, "--format", "yaml"); code != 2 {
		t.Errorf("--format yaml: exit %d, want 2", code)
	}
}
