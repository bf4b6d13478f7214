package link

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// apply builds the nodes and edges, runs one rule, and returns the owned_by
// edges it added as "from -> to" and the diagnostics.
func apply(t *testing.T, r Rule, nodes []graph.Node, edges ...graph.Edge) (got, diags []string) {
	t.Helper()
	b := graph.NewBuilder()
	for _, n := range nodes {
		b.AddNode(n)
	}
	for _, e := range edges {
		b.AddEdge(e)
	}
	before := map[graph.EdgeKey]bool{}
	g := b.Build()
	for _, e := range g.Edges() {
		before[e.Key()] = true
	}
	if err := Run(context.Background(), g, b, r); err != nil {
		t.Fatal(err)
	}
	g = b.Build()
	for _, e := range g.Edges() {
		if e.Kind == graph.OwnedBy && !before[e.Key()] {
			got = append(got, e.From+" -> "+e.To)
		}
	}
	for _, d := range g.Diagnostics() {
		diags = append(diags, d.String())
	}
	return got, diags
}

func ownersFileTeam(id string, attrs ...string) graph.Node {
	n := node(id, graph.Owner, "team", attrs...)
	n.Evidence = []graph.Evidence{{Connector: "owners-file", Source: "owners.yaml", Line: 1}}
	return n
}

func TestCodeOwnersRule(t *testing.T) {
	rules := `[{"pattern":"*","owners":["github-team:o/all"],"file":"CODEOWNERS","line":1},` +
		`{"pattern":"/.github/workflows/","owners":["github-team:o/ci"],"file":"CODEOWNERS","line":2},` +
		`{"pattern":"/.github/workflows/old.yml","file":"CODEOWNERS","line":3}]`
	got, diags := apply(t, CodeOwners(), []graph.Node{
		node("github.com/o/r", graph.Location, "git-repo", attrCodeownersRules, rules),
		node("github-team:o/all", graph.Owner, "team", "handle", "@o/all"),
		node("github-team:o/ci", graph.Owner, "team", "handle", "@o/ci"),
		ownersFileTeam("team:ci", "aliases", `["@o/ci"]`),
		node("github.com/o/r/.github/workflows/a.yml", graph.Workload, "ci-workflow"),
		node("github.com/o/r/.github/workflows/a.yml#build", graph.Workload, "ci-job"),
		node("github.com/o/r/.github/workflows/old.yml", graph.Workload, "ci-workflow"),
		node("github.com/o/r/Jenkinsfile", graph.Workload, "ci-workflow"),
		node("github.com/o/r/secrets/TOKEN", graph.Credential, "ci-secret"),
		node("github.com/o/rr/Jenkinsfile", graph.Workload, "ci-workflow"),
		node("github.com/o/bad", graph.Location, "git-repo", attrCodeownersRules, "{"),
	})
	want := []string{
		"github.com/o/r/.github/workflows/a.yml -> team:ci",
		"github.com/o/r/.github/workflows/a.yml#build -> team:ci",
		"github.com/o/r/Jenkinsfile -> github-team:o/all",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	if len(diags) != 1 {
		t.Errorf("diagnostics = %v, want one for the bad attribute", diags)
	}
}

func TestOwnerTagsRule(t *testing.T) {
	got, _ := apply(t, OwnerTags(), []graph.Node{
		ownersFileTeam("team:payments", "handle", "@northwind/payments", "aliases", `["pay"]`),
		node("a", graph.Workload, "x", "tag.team", "payments"),
		node("b", graph.Workload, "x", "tag.Owner", "@Northwind/Payments"),
		node("c", graph.Workload, "x", "tag.owner", "PAY"),
		node("d", graph.Workload, "x", "tag.owner", "nobody"),
		node("e", graph.Workload, "x", "tag.app.kubernetes.io/managed-by", "payments"),
		node("f", graph.Workload, "x", "tag.cost-centre", "payments"),
	})
	want := []string{"a -> team:payments", "b -> team:payments", "c -> team:payments"} // "nobody" is a placeholder, no owner
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
	var configured Rule
	for _, r := range WithOwnerTagKeys(Default(), []string{"tag.cost-centre"}) {
		if r.Name() == "owner-hints" {
			configured = r
		}
	}
	got, _ = apply(t, configured, []graph.Node{
		ownersFileTeam("team:payments"),
		node("a", graph.Workload, "x", "tag.team", "payments"),
		node("f", graph.Workload, "x", "tag.cost-centre", "payments"),
	})
	if diff := cmp.Diff([]string{"f -> team:payments"}, got); diff != "" {
		t.Errorf("configured keys (-want +got):\n%s", diff)
	}
}

func TestBackstageRepoRule(t *testing.T) {
	owned := graph.Edge{From: "backstage:component:default/api", To: "backstage:group:default/pay", Kind: graph.OwnedBy}
	got, _ := apply(t, BackstageRepo(), []graph.Node{
		ownersFileTeam("team:payments", "aliases", `["group:default/pay"]`),
		node("backstage:group:default/pay", graph.Owner, "team", "backstage_ref", "group:default/pay"),
		node("backstage:component:default/api", graph.Workload, "service", "backstage_ref", "component:default/api",
			"repository", "github.com/o/api", "owner", "group:default/pay"),
		node("backstage:component:default/orphan", graph.Workload, "service", "backstage_ref", "component:default/orphan",
			"repository", "github.com/o/orphan", "owner", "group:default/gone"),
		node("github.com/o/api", graph.Location, "git-repo"),
		node("github.com/o/api/.github/workflows/x.yml", graph.Workload, "ci-workflow"),
		node("github.com/o/api/secrets/X", graph.Credential, "ci-secret"),
		node("github.com/o/orphan/Jenkinsfile", graph.Workload, "ci-workflow"),
	}, owned)
	want := []string{"github.com/o/api -> team:payments", "github.com/o/api/.github/workflows/x.yml -> team:payments"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
}
