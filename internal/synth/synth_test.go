package synth_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

func TestSameSeedSameGraph(t *testing.T) {
	a, b := synth.Build(42, 3000).String(), synth.Build(42, 3000).String()
	if a != b {
		al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
		for i := range min(len(al), len(bl)) {
			if al[i] != bl[i] {
				t.Fatalf("same seed, different graphs; first difference at line %d:\n  %s\n  %s", i+1, al[i], bl[i])
			}
		}
		t.Fatalf("same seed, different graphs: %d lines and %d lines", len(al), len(bl))
	}
	if c := synth.Build(43, 3000).String(); c == a {
		t.Error("seeds 42 and 43 gave the same graph")
	}
}

// stream records what Generate emits, in order.
type stream struct {
	nodes []graph.Node
	edges []graph.Edge
}

func generate(seed int64, n int) *stream {
	s := &stream{}
	synth.Generate(seed, n,
		func(n graph.Node) { s.nodes = append(s.nodes, n) },
		func(e graph.Edge) { s.edges = append(s.edges, e) })
	return s
}

func TestStreamIsWellFormed(t *testing.T) {
	const size = 5000
	s := generate(7, size)
	if len(s.nodes) < size || len(s.nodes) > size+100 {
		t.Errorf("asked for %d nodes, got %d", size, len(s.nodes))
	}
	seen := make(map[string]bool)
	for _, n := range s.nodes {
		if seen[n.ID] {
			t.Errorf("node %s emitted twice", n.ID)
		}
		seen[n.ID] = true
		checkEvidence(t, n.ID, n.Evidence)
	}
	// Edges may only name nodes emitted before them, so a consumer can
	// stream; replay the interleaving by node count at each edge.
	emitted := make(map[string]bool)
	keys := make(map[graph.EdgeKey]bool)
	ni := 0
	synth.Generate(7, size,
		func(n graph.Node) { emitted[n.ID] = true; ni++ },
		func(e graph.Edge) {
			if !emitted[e.From] || !emitted[e.To] {
				t.Errorf("edge %s emitted before its ends (after %d nodes)", e.Key(), ni)
			}
		})
	for _, e := range s.edges {
		if keys[e.Key()] {
			t.Errorf("edge %s emitted twice", e.Key())
		}
		keys[e.Key()] = true
		checkEvidence(t, e.Key().String(), e.Evidence)
	}
	if r := float64(len(s.edges)) / float64(len(s.nodes)); r < 2.5 || r > 4 {
		t.Errorf("%.2f edges per node, want about 3", r)
	}
}

func checkEvidence(t *testing.T, what string, evs []graph.Evidence) {
	t.Helper()
	if len(evs) != 1 || evs[0].Connector != synth.Connector || evs[0].Source == "" || !evs[0].Basis.Valid() {
		t.Errorf("%s: evidence %v, want one from %q with a source and a basis", what, evs, synth.Connector)
	}
}

func TestEstateHasEveryKind(t *testing.T) {
	g := synth.Build(1, 5000)
	if d := g.Diagnostics(); len(d) > 0 {
		t.Errorf("built graph has %d diagnostics, first: %s", len(d), d[0])
	}
	nodes, edges := g.Count()
	for _, k := range graph.NodeKinds {
		if nodes[k] == 0 {
			t.Errorf("no node of kind %s", k)
		}
	}
	for _, k := range graph.EdgeKinds {
		if edges[k] == 0 {
			t.Errorf("no edge of kind %s", k)
		}
	}
	types := make(map[string]bool)
	var scheduled []graph.Dialect
	for _, n := range g.Nodes() {
		types[n.Type] = true
		if n.Schedule != nil && !slices.Contains(scheduled, n.Schedule.Dialect) {
			scheduled = append(scheduled, n.Schedule.Dialect)
		}
	}
	want := []string{
		"aws-access-key", "aws-account", "aws-managed-policy", "aws-role", "aws-secret", "aws-user",
		"ci-job", "ci-secret", "ci-workflow", "cron-job", "eventbridge-schedule", "git-repo", "host",
		"k8s-namespace", "k8s-service-account", "k8s-workload", "lambda", "person", "team",
		"vault-auth-role", "vault-kv-secret", "vault-mount", "vault-policy",
	}
	got := slices.Sorted(maps.Keys(types))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("node types (-want +got):\n%s", diff)
	}
	slices.Sort(scheduled)
	if diff := cmp.Diff([]graph.Dialect{graph.AWS, graph.Cron}, scheduled); diff != "" {
		t.Errorf("schedule dialects (-want +got):\n%s", diff)
	}
	for _, e := range g.Edges() {
		if _, ok := g.Node(e.From); !ok {
			t.Errorf("edge %s: no node %s", e.Key(), e.From)
		}
		if _, ok := g.Node(e.To); !ok {
			t.Errorf("edge %s: no node %s", e.Key(), e.To)
		}
	}
}

// TestSharingIsSkewed checks the shape that makes impact queries
// interesting: one shared secret granted far more widely than the typical
// secret, and about a tenth of the estate unowned.
func TestSharingIsSkewed(t *testing.T) {
	g := synth.Build(1, 20000)
	grants := make(map[string]int)
	owned := make(map[string]bool)
	for _, e := range g.Edges() {
		switch e.Kind {
		case graph.Grants:
			grants[e.To]++
		case graph.OwnedBy:
			owned[e.From] = true
		}
	}
	top, most := "", 0
	for id, n := range grants {
		if n > most || (n == most && id < top) {
			top, most = id, n
		}
	}
	if top != synth.HotSecret {
		t.Errorf("most granted secret is %s (%d grants), want %s (%d)", top, most, synth.HotSecret, grants[synth.HotSecret])
	}
	if most < 100 {
		t.Errorf("%s is granted by %d policies, want a hundred or more", top, most)
	}
	var once int
	for _, n := range grants {
		if n == 1 {
			once++
		}
	}
	if once*2 < len(grants) {
		t.Errorf("%d of %d granted credentials are granted once, want most", once, len(grants))
	}
	unowned, ownable := 0, 0
	for _, n := range g.Nodes() {
		if n.Kind != graph.Owner {
			ownable++
			if !owned[n.ID] {
				unowned++
			}
		}
	}
	if f := float64(unowned) / float64(ownable); f < 0.05 || f > 0.15 {
		t.Errorf("%.1f%% of nodes unowned, want about 10%%", 100*f)
	}
}
