package backstage

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// discoverText writes a catalog file and reads it.
func discoverText(t *testing.T, text string) *graph.Graph {
	t.Helper()
	f := filepath.Join(t.TempDir(), "catalog-info.yaml")
	if err := os.WriteFile(f, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return discover(t, f)
}

// TestMergeKeys: an entity sharing labels and spec fields through YAML
// merge keys, or naming a value by an alias, is read as Backstage reads
// it: a key the mapping sets itself wins over a merged one.
func TestMergeKeys(t *testing.T) {
	const catalog = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: api
  labels:
    <<: &labels {tier: backend, team: payments}
    tier: api
spec:
  <<: &spec {type: service, lifecycle: production, owner: &owner group:payments}
  lifecycle: experimental
  dependsOn: [resource:db, *owner]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: worker
  labels: *labels
spec:
  <<: *spec
  owner: *owner
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: payments}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata: {name: db}
`
	g := discoverText(t, catalog)
	type node struct{ ID, Type, Lifecycle, Owner, Tier, Team string }
	var got []node
	for _, n := range g.Nodes() {
		if n.Type == "service" {
			got = append(got, node{n.ID, n.Attrs[AttrType], n.Attrs[AttrLifecycle], n.Attrs[AttrOwner], n.Attrs["tag.tier"], n.Attrs["tag.team"]})
		}
	}
	want := []node{
		{"backstage:component:default/api", "service", "experimental", "group:default/payments", "api", "payments"},
		{"backstage:component:default/worker", "service", "production", "group:default/payments", "backend", "payments"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
	type edge struct {
		From, To string
		Kind     graph.EdgeKind
		Line     int
	}
	var edges []edge
	for _, e := range g.Edges() {
		edges = append(edges, edge{e.From, e.To, e.Kind, e.Evidence[0].Line})
	}
	wantEdges := []edge{
		{"backstage:component:default/api", "backstage:group:default/payments", graph.DependsOn, 11},
		{"backstage:component:default/api", "backstage:group:default/payments", graph.OwnedBy, 9},
		{"backstage:component:default/api", "backstage:resource:default/db", graph.DependsOn, 11},
		{"backstage:component:default/worker", "backstage:group:default/payments", graph.OwnedBy, 20},
	}
	if diff := cmp.Diff(wantEdges, edges); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
}

// mergeBomb is a mapping whose merge keys fan out to a billion mappings
// when a key it lacks is looked up, named by anchor m9.
func mergeBomb() string {
	var b strings.Builder
	b.WriteString("x:\n  m0: &m0 {a: 1}\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "  m%d: &m%d {<<: [%s*m%d]}\n", i, i, strings.Repeat(fmt.Sprintf("*m%d, ", i-1), 8), i-1)
	}
	return b.String()
}

// TestAliasBomb: an entity that expands through aliases past the node
// budget, in its metadata (read by Parse) or its spec (read as it is
// mapped), is one warning, quickly, and the next entity is read.
func TestAliasBomb(t *testing.T) {
	next := "---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: after}\n"
	for _, tc := range []struct {
		name, entity string
		want         []string
	}{
		{"labels", "metadata:\n  name: bomb\n  labels: {<<: [*m9, *m9, *m9]}\n",
			[]string{"1 warning this document expands to more than 200000 YAML nodes through aliases; the rest of it is not read: remove the aliases or exclude the file"}},
		{"spec", "metadata: {name: bomb}\nspec: {<<: [*m9, *m9, *m9], type: service}\n",
			[]string{"1 warning component:default/bomb expands to more than 200000 YAML nodes through aliases; the rest of it is not read: remove the aliases or exclude the file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			g := discoverText(t, "apiVersion: backstage.io/v1alpha1\nkind: Component\n"+mergeBomb()+tc.entity+next)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("the scan took %v", d)
			}
			var got []string
			for _, d := range g.Diagnostics() {
				got = append(got, fmt.Sprintf("%d %s %s", d.Line, d.Severity, d.Message))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if _, ok := g.Node("backstage:group:default/after"); !ok {
				t.Errorf("the entity after the bomb is not read:\n%s", g)
			}
		})
	}
}
