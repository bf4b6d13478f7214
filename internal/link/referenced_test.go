package link

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// at gives a node evidence from a connector at file:line.
func at(n graph.Node, conn, file string, line int) graph.Node {
	n.Evidence = append(n.Evidence, graph.Evidence{Connector: conn, Source: file, Line: line, Basis: graph.Declared})
	return n
}

// TestReferencedOwners: every owner hint reaches an owner node when no
// owners file or catalog Group defines it, in the ID the defining source
// would give it, marked referenced-only with the hint's file and line.
// Each case is one kind of hint on a minimal input.
func TestReferencedOwners(t *testing.T) {
	catalogEdge := func(from, to string) graph.Edge {
		return graph.Edge{From: from, To: to, Kind: graph.OwnedBy, Evidence: []graph.Evidence{{Connector: "backstage", Source: "catalog-info.yaml", Line: 9}}}
	}
	for _, tc := range []struct {
		name  string
		nodes []graph.Node
		edges []graph.Edge
		// want lists the owned_by edges of the linked graph, then each
		// owner node as "owner ID referenced_only named_by aliases
		// evidence".
		want []string
	}{{
		name: "tag owner, no owners file",
		nodes: []graph.Node{
			at(node("arn:aws:iam::1:role/ledger-worker", graph.Identity, "aws-role", "tag.owner", "ledger"), "aws", "iam.json", 40),
		},
		want: []string{
			"arn:aws:iam::1:role/ledger-worker -> team:ledger (link/owner-tags iam.json:40)",
			`team:ledger team referenced_only=true named_by=["tag.owner"] aliases=["ledger"] evidence=[iam.json:40 tag.owner=ledger on arn:aws:iam::1:role/ledger-worker]`,
		},
	}, {
		name: "a label with spaces and capitals becomes a valid team id",
		nodes: []graph.Node{
			at(node("k8s:c/ns/deployment/x", graph.Workload, "k8s-workload", "tag.team", "Data Platform"), "kubernetes", "x.yaml", 5),
		},
		want: []string{
			"k8s:c/ns/deployment/x -> team:data-platform (link/owner-tags x.yaml:5)",
			`team:data-platform team referenced_only=true named_by=["tag.team"] aliases=["data platform"] evidence=[x.yaml:5 tag.team=Data Platform on k8s:c/ns/deployment/x]`,
		},
	}, {
		name: "catalog owner whose Group lives in another repository keeps its edge",
		nodes: []graph.Node{
			at(node("backstage:component:default/api", graph.Workload, "service", "backstage_ref", "component:default/api", "owner", "group:default/billing"), "backstage", "catalog-info.yaml", 1),
		},
		edges: []graph.Edge{catalogEdge("backstage:component:default/api", "backstage:group:default/billing")},
		want: []string{
			"backstage:component:default/api -> backstage:group:default/billing (backstage catalog-info.yaml:9)",
			`backstage:group:default/billing team referenced_only=true named_by=["catalog spec.owner"] aliases= evidence=[catalog-info.yaml:1 spec.owner of component:default/api]`,
		},
	}, {
		name: "group:default/dba owning a resource and tag team=dba meet at one owner",
		nodes: []graph.Node{
			at(node("backstage:resource:default/orders-db", graph.Workload, "resource", "backstage_ref", "resource:default/orders-db", "owner", "group:default/dba"), "backstage", "catalog-info.yaml", 1),
			at(node("arn:aws:rds:eu-west-1:1:db:orders", graph.Workload, "rds", "tag.team", "dba"), "aws", "rds.json", 3),
		},
		edges: []graph.Edge{catalogEdge("backstage:resource:default/orders-db", "backstage:group:default/dba")},
		want: []string{
			"arn:aws:rds:eu-west-1:1:db:orders -> backstage:group:default/dba (link/owner-tags rds.json:3)",
			"backstage:resource:default/orders-db -> backstage:group:default/dba (backstage catalog-info.yaml:9)",
			`backstage:group:default/dba team referenced_only=true named_by=["catalog spec.owner","tag.team"] aliases= evidence=[catalog-info.yaml:1 spec.owner of resource:default/orders-db; rds.json:3 tag.team=dba on arn:aws:rds:eu-west-1:1:db:orders]`,
		},
	}, {
		name: "a bare tag meets a catalog reference another tag spells, whatever the order",
		nodes: []graph.Node{
			at(node("a-role", graph.Identity, "aws-role", "tag.team", "dba"), "aws", "iam.json", 1),
			at(node("z-role", graph.Identity, "aws-role", "tag.owner", "group:default/dba"), "aws", "iam.json", 2),
		},
		want: []string{
			"a-role -> backstage:group:default/dba (link/owner-tags iam.json:1)",
			"z-role -> backstage:group:default/dba (link/owner-tags iam.json:2)",
			`backstage:group:default/dba team referenced_only=true named_by=["tag.owner","tag.team"] aliases= evidence=[iam.json:1 tag.team=dba on a-role; iam.json:2 tag.owner=group:default/dba on z-role]`,
		},
	}, {
		name: "CODEOWNERS team with no owners file",
		nodes: []graph.Node{
			at(node("github-team:acme/app", graph.Owner, "team", "handle", "@acme/app"), "codeowners", "CODEOWNERS", 1),
		},
		want: []string{
			`github-team:acme/app team referenced_only=true named_by=["CODEOWNERS"] aliases= evidence=[CODEOWNERS:1]`,
		},
	}, {
		name: "CODEOWNERS team an owners-file team answers for is not referenced-only",
		nodes: []graph.Node{
			at(node("github-team:acme/app", graph.Owner, "team", "handle", "@acme/app"), "codeowners", "CODEOWNERS", 1),
			at(node("team:app", graph.Owner, "team", "handle", "@acme/app"), "owners-file", "convene-owners.yaml", 3),
		},
		want: []string{
			`github-team:acme/app team referenced_only= named_by= aliases= evidence=[CODEOWNERS:1]`,
			`team:app team referenced_only= named_by= aliases= evidence=[convene-owners.yaml:3]`,
		},
	}, {
		name: "MAILTO: an address is a person, a local mailbox is not",
		nodes: []graph.Node{
			at(node("host:h1/etc/cron.d/backup#backup", graph.Workload, "cron-job", "mailto", "ops@example.com,root"), "cron", "etc/cron.d/backup", 2),
		},
		want: []string{
			"host:h1/etc/cron.d/backup#backup -> person:ops@example.com (link/mailto etc/cron.d/backup:2)",
			`person:ops@example.com person referenced_only=true named_by=["MAILTO"] aliases= evidence=[etc/cron.d/backup:2 MAILTO=ops@example.com on host:h1/etc/cron.d/backup#backup]`,
		},
	}, {
		name: "Vault custom_metadata owner, read from the Vault inventory, not the consumer",
		nodes: []graph.Node{
			at(at(node("vault:secret/app/db", graph.Credential, "vault-kv-secret", "tag.owner", "team-app"), "github-actions", ".github/workflows/a.yml", 9), "vault", "inventory.json", 0),
		},
		want: []string{
			"vault:secret/app/db -> team:team-app (link/owner-tags inventory.json)",
			`team:team-app team referenced_only=true named_by=["tag.owner"] aliases=["team-app"] evidence=[inventory.json tag.owner=team-app on vault:secret/app/db]`,
		},
	}, {
		name: "an owners-file alias wins, and the team is not made",
		nodes: []graph.Node{
			at(node("team:payments", graph.Owner, "team", "aliases", `["ledger"]`), "owners-file", "convene-owners.yaml", 3),
			at(node("arn:aws:iam::1:role/ledger-worker", graph.Identity, "aws-role", "tag.owner", "ledger"), "aws", "iam.json", 40),
		},
		want: []string{
			"arn:aws:iam::1:role/ledger-worker -> team:payments (link/owner-tags iam.json:40)",
			`team:payments team referenced_only= named_by= aliases=["ledger"] evidence=[convene-owners.yaml:3]`,
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			b := graph.NewBuilder()
			for _, n := range tc.nodes {
				b.AddNode(n)
			}
			for _, e := range tc.edges {
				b.AddEdge(e)
			}
			if err := Run(context.Background(), b.Build(), b, Default()...); err != nil {
				t.Fatal(err)
			}
			g := b.Build()
			var got []string
			for _, e := range g.Edges() {
				if e.Kind == graph.OwnedBy {
					var evs []string
					for _, ev := range e.Evidence {
						evs = append(evs, strings.TrimSuffix(fmt.Sprintf("%s %s:%d", ev.Connector, ev.Source, ev.Line), ":0"))
					}
					got = append(got, fmt.Sprintf("%s -> %s (%s)", e.From, e.To, strings.Join(evs, "; ")))
				}
			}
			for _, n := range g.Nodes() {
				if n.Kind != graph.Owner {
					continue
				}
				var evs []string
				for _, ev := range n.Evidence {
					evs = append(evs, strings.TrimSpace(strings.TrimSuffix(fmt.Sprintf("%s:%d", ev.Source, ev.Line), ":0")+" "+ev.Note))
				}
				got = append(got, fmt.Sprintf("%s %s referenced_only=%s named_by=%s aliases=%s evidence=[%s]",
					n.ID, n.Type, n.Attrs["referenced_only"], n.Attrs["named_by"], n.Attrs["aliases"], strings.Join(evs, "; ")))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			for _, d := range g.Diagnostics() {
				if strings.Contains(d.Message, "edge dropped") {
					t.Errorf("diagnostic: %s", d)
				}
			}
		})
	}
}

// TestBackstageRepoReferencedGroup: a component whose Group is outside the
// scan still gives that (referenced-only) Group to its repository.
func TestBackstageRepoReferencedGroup(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(node("backstage:component:default/api", graph.Workload, "service", "backstage_ref", "component:default/api",
		"owner", "group:default/billing", "repository", "github.com/o/api", "repository_from", "github.com/project-slug"))
	b.AddNode(node("github.com/o/api", graph.Location, "git-repo"))
	if err := Run(context.Background(), b.Build(), b, Default()...); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	if !slices.ContainsFunc(g.Out("github.com/o/api"), func(e graph.Edge) bool {
		return e.Kind == graph.OwnedBy && e.To == "backstage:group:default/billing"
	}) {
		t.Errorf("repository not owned by the referenced group: %v", g.Out("github.com/o/api"))
	}
}

// BenchmarkOwnerHints links 100k tagged nodes naming 1,000 teams no owners
// file defines, plus MAILTO on a quarter of them: every team becomes a
// referenced-only owner.
func BenchmarkOwnerHints(b *testing.B) {
	const nodes, teams = 100_000, 1000
	gb := graph.NewBuilder()
	for i := range nodes {
		attrs := map[string]string{"tag.team": fmt.Sprintf("Team %d", i%teams)}
		if i%4 == 0 {
			attrs["mailto"] = fmt.Sprintf("ops%d@example.com", i%teams)
		}
		gb.AddNode(graph.Node{ID: fmt.Sprintf("arn:aws:iam::111122223333:role/svc-%d", i), Kind: graph.Identity, Type: "aws-role", Attrs: attrs,
			Evidence: []graph.Evidence{{Connector: "aws", Source: "iam.json", Line: i + 1}}})
	}
	g := gb.Build()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := OwnerTags().Apply(context.Background(), g, graph.NewBuilder()); err != nil {
			b.Fatal(err)
		}
	}
}
