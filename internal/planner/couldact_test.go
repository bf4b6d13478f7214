package planner

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestCouldAct: a plan on an identity says who else could act as it, and
// a target reachable by ReachableBy nodes or more raises the tier by one;
// can_become edges add no impact.
func TestCouldAct(t *testing.T) {
	build := func(n int) *graph.Graph {
		b := graph.NewBuilder()
		ev := []graph.Evidence{{Connector: "test", Basis: graph.Declared}}
		b.AddNode(graph.Node{ID: "role/target", Kind: graph.Identity, Type: "aws-role", Evidence: ev})
		for i := range n {
			id := fmt.Sprintf("repo/r%d", i)
			b.AddNode(graph.Node{ID: id, Kind: graph.Location, Type: "git-repo", Evidence: ev})
			b.AddEdge(graph.Edge{From: id, To: "role/target", Kind: graph.CanBecome, Attrs: map[string]string{"rule": "ci-oidc-open-trust"},
				Evidence: []graph.Evidence{{Connector: "access/ci-oidc-open-trust", Basis: graph.Derived, Note: "x"}}})
		}
		return b.Build()
	}
	tests := []struct {
		name      string
		n, reach  int
		wantNote  string
		wantRaise bool
	}{
		{"nobody", 0, 3, "", false},
		{"two, below the threshold", 2, 3, "who else could act as role/target: 2 node(s): repo/r0 (ci-oidc-open-trust, 1 step(s)); repo/r1 (ci-oidc-open-trust, 1 step(s)) (convene access role/target)", false},
		{"three, at the threshold", 3, 3, "who else could act as role/target: 3 node(s)", true},
		{"seven, named five", 7, 10, "; repo/r4 (ci-oidc-open-trust, 1 step(s)), and 2 more", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Make(build(tt.n), Change{Action: Revoke, Targets: []string{"role/target"}}, Options{Tiers: Tiers{ReachableBy: tt.reach}})
			if err != nil {
				t.Fatal(err)
			}
			note := strings.Join(p.Notes, "\n")
			if tt.wantNote == "" && note != "" || !strings.Contains(note, tt.wantNote) {
				t.Errorf("notes %q, want one with %q", note, tt.wantNote)
			}
			raised := strings.Contains(strings.Join(p.Risk.Reasons, "\n"), "could act as")
			if diff := cmp.Diff(tt.wantRaise, raised); diff != "" {
				t.Errorf("tier raised (-want +got):\n%s\nreasons: %v", diff, p.Risk.Reasons)
			}
			if len(p.Impacted) != 0 {
				t.Errorf("can_become edges added impact: %v", p.Impacted)
			}
		})
	}
}
