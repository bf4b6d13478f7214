package owners

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func ev(connector, src string, line int) graph.Evidence {
	return graph.Evidence{Connector: connector, Source: src, Line: line, Basis: graph.Declared}
}

func build(nodes []graph.Node, edges []graph.Edge) *graph.Graph {
	b := graph.NewBuilder()
	for _, n := range nodes {
		if n.Evidence == nil {
			n.Evidence = []graph.Evidence{ev("test", "t", 1)}
		}
		b.AddNode(n)
	}
	for _, e := range edges {
		b.AddEdge(e)
	}
	return b.Build()
}

func owned(from, to string, evs ...graph.Evidence) graph.Edge {
	return graph.Edge{From: from, To: to, Kind: graph.OwnedBy, Evidence: evs}
}

// brief is what the tests compare: owner, source, effective, via.
type brief struct {
	ID, Source, Raw, Via string
	Effective            bool
}

func briefs(os []Owner) []brief {
	var out []brief
	for _, o := range os {
		out = append(out, brief{o.ID, string(o.Source), o.Raw, o.Via, o.Effective})
	}
	return out
}

func TestResolve(t *testing.T) {
	team := func(id string, attrs map[string]string) graph.Node {
		return graph.Node{ID: id, Kind: graph.Owner, Type: "team", Attrs: attrs, Evidence: []graph.Evidence{ev("owners-file", "o.yaml", 1)}}
	}
	g := build([]graph.Node{
		team("team:payments", map[string]string{"handle": "@northwind/payments", "aliases": `["group:default/payments"]`}),
		team("team:sre", nil),
		team("team:data", nil),
		{ID: "github-team:northwind/payments", Kind: graph.Owner, Type: "team", Attrs: map[string]string{"handle": "@northwind/payments"}},
		{ID: "backstage:group:default/payments", Kind: graph.Owner, Type: "team", Attrs: map[string]string{"backstage_ref": "group:default/payments"}},
		{ID: "github-team:northwind/web", Kind: graph.Owner, Type: "team", Attrs: map[string]string{"handle": "@northwind/web"}},
		{ID: "repo", Kind: graph.Location, Type: "git-repo"},
		{ID: "repo/wf.yml", Kind: graph.Workload, Type: "ci-workflow"},
		{ID: "repo/wf.yml#job", Kind: graph.Workload, Type: "ci-job"},
		{ID: "role", Kind: graph.Identity, Type: "aws-role"},
		{ID: "host", Kind: graph.Location, Type: "host"},
		{ID: "orphan", Kind: graph.Credential, Type: "aws-access-key"},
	}, []graph.Edge{
		// The repository: CODEOWNERS and the catalog agree once aliased.
		owned("repo", "github-team:northwind/payments", ev("codeowners", "CODEOWNERS", 2)),
		owned("repo", "backstage:group:default/payments", ev("link/backstage-repo", "catalog-info.yaml", 2)),
		// The workflow: the owners file says sre, CODEOWNERS says web.
		owned("repo/wf.yml", "team:sre", ev("link/owner-rules", "o.yaml", 10)),
		owned("repo/wf.yml", "github-team:northwind/web", ev("link/codeowners", "CODEOWNERS", 5)),
		{From: "repo/wf.yml#job", To: "repo/wf.yml", Kind: graph.PartOf},
		{From: "repo/wf.yml", To: "repo", Kind: graph.PartOf},
		// The role: two owners-file rules disagree.
		owned("role", "team:payments", ev("link/owner-rules", "o.yaml", 10)),
		owned("role", "team:data", ev("link/owner-rules", "o.yaml", 20)),
		// The host: a tag and the owners file.
		owned("host", "team:data", ev("link/owner-tags", "h", 1)),
	})
	res := Resolve(g, Options{})
	for _, tc := range []struct {
		id        string
		want      []brief
		conflicts int
	}{
		{"repo", []brief{
			{ID: "team:payments", Source: "backstage", Raw: "backstage:group:default/payments", Effective: true},
			{ID: "team:payments", Source: "codeowners", Raw: "github-team:northwind/payments"},
		}, 0},
		{"repo/wf.yml", []brief{
			{ID: "team:sre", Source: "owners-file", Effective: true},
			{ID: "github-team:northwind/web", Source: "codeowners"},
		}, 1},
		{"repo/wf.yml#job", []brief{
			{ID: "team:sre", Source: "inherited", Via: "part_of repo/wf.yml (owners-file)", Effective: true},
		}, 0},
		{"role", []brief{
			{ID: "team:data", Source: "owners-file", Effective: true},
			{ID: "team:payments", Source: "owners-file", Effective: true},
		}, 1},
		{"host", []brief{{ID: "team:data", Source: "tag", Effective: true}}, 0},
		{"orphan", nil, 0},
	} {
		no := res.Of(tc.id)
		if no == nil {
			t.Fatalf("%s not resolved", tc.id)
		}
		if diff := cmp.Diff(tc.want, briefs(no.Owners)); diff != "" {
			t.Errorf("%s owners (-want +got):\n%s", tc.id, diff)
		}
		if len(no.Conflicts) != tc.conflicts {
			t.Errorf("%s conflicts = %q, want %d", tc.id, no.Conflicts, tc.conflicts)
		}
	}
	if diff := cmp.Diff(map[graph.NodeKind][]string{graph.Credential: {"orphan"}}, res.Unowned); diff != "" {
		t.Errorf("unowned (-want +got):\n%s", diff)
	}
	if got := briefs(Explain(g, "repo/wf.yml#job")); len(got) != 1 || got[0].ID != "team:sre" {
		t.Errorf("Explain = %v", got)
	}
}

// TestAliases: names map to the owners file's owners first; a name two
// owners claim maps to neither and is reported.
func TestAliases(t *testing.T) {
	g := build([]graph.Node{
		{ID: "team:a", Kind: graph.Owner, Attrs: map[string]string{"aliases": `["shared","x"]`}, Evidence: []graph.Evidence{ev("owners-file", "o", 1)}},
		{ID: "team:b", Kind: graph.Owner, Attrs: map[string]string{"handle": "shared"}, Evidence: []graph.Evidence{ev("owners-file", "o", 2)}},
		{ID: "person:ana@example.com", Kind: graph.Owner, Evidence: []graph.Evidence{ev("owners-file", "o", 3)}},
		{ID: "backstage:user:default/ana", Kind: graph.Owner, Attrs: map[string]string{"email": "ana@example.com", "backstage_ref": "user:default/ana"}},
	}, nil)
	a := NewAliases(g)
	for raw, want := range map[string]string{
		"a": "team:a", "X": "team:a", "shared": "", "ana@example.com": "person:ana@example.com",
		"user:default/ana": "person:ana@example.com", "user:ana": "person:ana@example.com", "nobody": "",
	} {
		if got, _ := a.Lookup(raw); got != want {
			t.Errorf("Lookup(%q) = %q, want %q", raw, got, want)
		}
	}
	if len(a.Problems) != 1 {
		t.Errorf("problems = %v, want one about \"shared\"", a.Problems)
	}
}
