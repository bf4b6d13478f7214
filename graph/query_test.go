package graph_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/graph/traverse"

	gg "gonum.org/v1/gonum/graph"

	"github.com/convene-dev/convene/graph"
)

func TestResolve(t *testing.T) {
	g := sample()
	tests := []struct {
		ref       string
		want      string
		ambiguous []string
		notFound  bool
	}{
		{ref: "vault:secret/payments/db", want: "vault:secret/payments/db"},
		{ref: "secret/payments/db", want: "vault:secret/payments/db"},
		{ref: "payments/db", want: "vault:secret/payments/db"},
		{ref: "role/deploy", want: "arn:aws:iam::111122223333:role/deploy"},
		{ref: "Payments", want: "team:payments"},
		{ref: "db", ambiguous: []string{"vault:secret/orders/db", "vault:secret/payments/db"}},
		{ref: "deploy", ambiguous: []string{"arn:aws:iam::111122223333:role/deploy", "job:deploy"}},
		{ref: "ments/db", notFound: true},
		{ref: "nope", notFound: true},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			n, err := g.Resolve(tt.ref)
			var amb *graph.AmbiguousError
			var nf *graph.NotFoundError
			switch {
			case tt.ambiguous != nil:
				if !errors.As(err, &amb) {
					t.Fatalf("Resolve(%q) = %v, %v; want ambiguous", tt.ref, n.ID, err)
				}
				if diff := cmp.Diff(tt.ambiguous, amb.Candidates); diff != "" {
					t.Errorf("candidates (-want +got):\n%s", diff)
				}
			case tt.notFound:
				if !errors.As(err, &nf) {
					t.Fatalf("Resolve(%q) = %v, %v; want not found", tt.ref, n.ID, err)
				}
			default:
				if err != nil || n.ID != tt.want {
					t.Fatalf("Resolve(%q) = %q, %v; want %q", tt.ref, n.ID, err, tt.want)
				}
			}
		})
	}
}

func TestNotFoundSuggestsClosest(t *testing.T) {
	_, err := sample().Resolve("secret/payment/db")
	var nf *graph.NotFoundError
	if !errors.As(err, &nf) || len(nf.Closest) == 0 || nf.Closest[0] != "vault:secret/payments/db" {
		t.Fatalf("err = %v; want the payments secret suggested first", err)
	}
}

func TestWalkDependentsExplainsPaths(t *testing.T) {
	g := sample()
	steps := g.Walk("arn:aws:iam::111122223333:role/deploy", graph.Dependents, -1, nil)
	var got []string
	for i, s := range steps {
		line := s.Node.ID
		for _, e := range graph.Path(steps, i) {
			line += " <= " + e.Key().String()
		}
		got = append(got, line)
	}
	want := []string{
		"arn:aws:iam::111122223333:role/deploy",
		"job:deploy <= job:deploy -assumes-> arn:aws:iam::111122223333:role/deploy",
		"job:nightly <= job:deploy -assumes-> arn:aws:iam::111122223333:role/deploy <= job:nightly -triggers-> job:deploy",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
	// The follow filter prunes edge kinds.
	onlyAssumes := g.Walk("arn:aws:iam::111122223333:role/deploy", graph.Dependents, -1,
		func(e graph.Edge) bool { return e.Kind == graph.Assumes })
	if len(onlyAssumes) != 2 {
		t.Errorf("filtered walk reached %d nodes, want 2", len(onlyAssumes))
	}
}

func TestGonumReverseViewMatchesWalk(t *testing.T) {
	g := sample()
	start, _ := g.Index("vault:secret/payments/db")
	var got []string
	var bf traverse.BreadthFirst
	bf.Walk(g.Reverse(), g.Reverse().Node(int64(start)), func(n gg.Node, _ int) bool {
		got = append(got, g.At(int(n.ID())).ID)
		return false
	})
	var want []string
	for _, s := range g.Walk("vault:secret/payments/db", graph.Dependents, -1, nil) {
		want = append(want, s.Node.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("gonum BFS over Reverse() (-walk +gonum):\n%s", diff)
	}
	if !g.Forward().HasEdgeFromTo(int64(mustIndex(g, "job:deploy")), int64(start)) {
		t.Error("Forward() lacks job:deploy -> secret")
	}
	if g.Reverse().HasEdgeFromTo(int64(mustIndex(g, "job:deploy")), int64(start)) {
		t.Error("Reverse() keeps the forward arrow")
	}
	if n := g.Forward().From(int64(mustIndex(g, "job:deploy"))).Len(); n != 3 {
		t.Errorf("job:deploy has %d successors in the gonum view, want 3", n)
	}
}

func mustIndex(g *graph.Graph, id string) int {
	i, ok := g.Index(id)
	if !ok {
		panic(id)
	}
	return i
}

func TestNeighbourhood(t *testing.T) {
	g := sample()
	sub := g.Neighbourhood([]string{"job:nightly"}, 1)
	var ids []string
	for _, n := range sub.Nodes() {
		ids = append(ids, n.ID)
	}
	want := []string{"job:deploy", "job:nightly", "vault:secret/orders/db"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("depth 1 (-want +got):\n%s", diff)
	}
	if got := len(sub.Edges()); got != 2 {
		t.Errorf("depth 1 has %d edges, want 2", got)
	}
	if got := g.Neighbourhood([]string{"job:nightly"}, 2).Len(); got != 6 {
		t.Errorf("depth 2 has %d nodes, want 6", got)
	}
}

func TestInSeqMatchesIn(t *testing.T) {
	g := sample()
	for _, n := range g.Nodes() {
		var seq []graph.Edge
		for e := range g.InSeq(n.ID) {
			seq = append(seq, e)
		}
		if diff := cmp.Diff(g.In(n.ID), seq, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-In +InSeq):\n%s", n.ID, diff)
		}
	}
}
