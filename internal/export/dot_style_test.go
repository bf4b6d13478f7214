package export

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestPaletteCoversEveryKind fails when graph gains a kind the palette (and
// so docs/export.md) does not draw yet.
func TestPaletteCoversEveryKind(t *testing.T) {
	var nodeKinds []graph.NodeKind
	for _, s := range nodeStyles {
		nodeKinds = append(nodeKinds, s.kind)
	}
	if diff := cmp.Diff(graph.NodeKinds, nodeKinds); diff != "" {
		t.Errorf("nodeStyles kinds (-graph.NodeKinds +styled):\n%s", diff)
	}
	seen := map[graph.EdgeKind]int{}
	for _, f := range edgeFamilies {
		for _, k := range f.kinds {
			seen[k]++
		}
	}
	for _, k := range graph.EdgeKinds {
		if seen[k] != 1 {
			t.Errorf("edge kind %s is in %d edge families, want 1", k, seen[k])
		}
	}
	if len(seen) != len(graph.EdgeKinds) {
		t.Errorf("edge families style %d kinds, graph has %d", len(seen), len(graph.EdgeKinds))
	}
}
