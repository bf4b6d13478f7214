package planner

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// TestChangeFileErrors checks that a change file's errors name the line and
// never a Go type.
func TestChangeFileErrors(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"misspelt key", "action: rotate\ntagret: x\n", `c.yaml:2: unknown key "tagret"; a change file takes action, target, targets, window, environment, ticket and notes`},
		{"unclosed flow sequence", "action: rotate\ntargets: [a, b\nwindow: 2026-12-01T22:00Z/2h\n", "c.yaml:2: invalid YAML: a flow sequence [ … ] is not closed"},
		{"bad window", "action: rotate\ntarget: x\nwindow: 2026-12-01T22:00Z/soon\n", `c.yaml:3: window duration "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseChange("c.yaml", []byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "changeFile") || strings.Contains(err.Error(), "planner.") {
				t.Errorf("err leaks a Go type: %v", err)
			}
		})
	}
}

func TestWindowTakesWeeksAndDays(t *testing.T) {
	for in, want := range map[string]time.Duration{"2026-12-01T22:00Z/2w": 14 * 24 * time.Hour, "2026-12-01T22:00Z/90m": 90 * time.Minute, "2026-12-01T22:00Z/1d12h": 36 * time.Hour} {
		w, err := ParseWindow(in)
		if err != nil || w.Duration != want {
			t.Errorf("ParseWindow(%q) = %v, %v; want %v", in, w.Duration, err, want)
		}
	}
}

// TestTargetOwnerListedOnce plans a change of two secrets of one team: the
// team is their owner once.
func TestTargetOwnerListedOnce(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "team:payments", Kind: graph.Owner, Type: "team"})
	for _, id := range []string{"vault:secret/a", "vault:secret/b"} {
		b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: "vault-kv-secret"})
		b.AddEdge(graph.Edge{From: id, To: "team:payments", Kind: graph.OwnedBy})
	}
	p, err := Make(b.Build(), Change{Action: Rotate, Targets: []string{"vault:secret/a", "vault:secret/b"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, o := range p.TargetOwners {
		ids = append(ids, o.ID)
	}
	if diff := cmp.Diff([]string{"team:payments"}, ids); diff != "" {
		t.Errorf("target owners (-want +got):\n%s", diff)
	}
}
