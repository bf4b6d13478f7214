package usage

import (
	"testing"
	"time"

	"github.com/convene-dev/convene/graph"
)

func TestOfAndCovered(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	obs := func(from, to time.Time, n int64, src string) graph.Evidence {
		return graph.Evidence{Connector: "vault-audit", Source: "audit.log", Line: int(n), Basis: graph.Observed,
			Observed: &graph.Observation{FirstSeen: from, LastSeen: to, Count: n, Sources: []string{src}}}
	}
	b := graph.NewBuilder()
	for _, id := range []string{"job2", "vault:secret/a", "vault:secret/b", "vault:auth/jwt/role/r"} {
		b.AddNode(graph.Node{ID: id, Kind: graph.Credential})
	}
	b.AddNode(graph.Node{ID: "job", Kind: graph.Workload})
	shared := obs(day(11, 20), day(11, 25), 2, "10.0.0.9")
	b.AddEdge(graph.Edge{From: "job", To: "vault:secret/a", Kind: graph.Reads, Evidence: []graph.Evidence{obs(day(9, 1), day(11, 27), 5, "10.0.0.5")}})
	b.AddEdge(graph.Edge{From: "job", To: "vault:auth/jwt/role/r", Kind: graph.AuthenticatesAs, Evidence: []graph.Evidence{shared}})
	b.AddEdge(graph.Edge{From: "job2", To: "vault:auth/jwt/role/r", Kind: graph.AuthenticatesAs, Evidence: []graph.Evidence{shared}})
	b.AddEdge(graph.Edge{From: "job2", To: "vault:secret/b", Kind: graph.Reads, Evidence: []graph.Evidence{{Connector: "ci", Basis: graph.Declared}}})
	g := b.Build()

	if u, ok := Of(g, "vault:auth/jwt/role/r"); !ok || u.Count != 2 {
		t.Errorf("a login shared by two jobs counts once: %+v", u)
	}
	if u, ok := Of(g, "job"); !ok || u.Count != 5 || !u.LastSeen.Equal(day(11, 27)) {
		t.Errorf("a workload's use is what it read, not its logins: %+v", u)
	}
	if _, ok := Of(g, "vault:secret/b"); ok {
		t.Error("a declared read is not an observed use")
	}
	cov := Covered(g)
	b2, _ := g.Node("vault:secret/b")
	if w, ok := cov.Covers(g, b2); !ok || w.Days() != 87 {
		t.Errorf("the Vault log covers vault: nodes over its window: %+v %v", w, ok)
	}
	if _, ok := cov.Covers(g, graph.Node{ID: "arn:aws:iam::1:role/x"}); ok {
		t.Error("no CloudTrail was read: AWS nodes are not covered")
	}
}
