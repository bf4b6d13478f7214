package owners_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/ownership"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/link"
	"github.com/convene-dev/convene/internal/owners"
)

// hinted is a small estate with one owner hint of every kind and no owners
// file: tags, a catalog spec.owner whose Group is elsewhere, a catalog
// Group, CODEOWNERS, MAILTO, Vault custom_metadata.
func hinted(b *graph.Builder) {
	ev := func(conn, file string, line int) []graph.Evidence {
		return []graph.Evidence{{Connector: conn, Source: file, Line: line, Basis: graph.Declared}}
	}
	for _, n := range []graph.Node{
		{ID: "arn:aws:iam::1:role/ledger-worker", Kind: graph.Identity, Type: "aws-role", Attrs: map[string]string{"tag.team": "Ledger Squad"}, Evidence: ev("aws", "iam.json", 4)},
		{ID: "arn:aws:iam::1:role/ops", Kind: graph.Identity, Type: "aws-role", Attrs: map[string]string{"tag.owner": "jdoe@example.com"}, Evidence: ev("aws", "iam.json", 9)},
		{ID: "backstage:component:default/api", Kind: graph.Workload, Type: "service", Attrs: map[string]string{"backstage_ref": "component:default/api", "owner": "group:default/billing"}, Evidence: ev("backstage", "catalog-info.yaml", 1)},
		{ID: "backstage:resource:default/db", Kind: graph.Workload, Type: "resource", Attrs: map[string]string{"backstage_ref": "resource:default/db", "owner": "group:default/dba"}, Evidence: ev("backstage", "catalog-info.yaml", 20)},
		{ID: "backstage:group:default/dba", Kind: graph.Owner, Type: "team", Name: "Database Administrators", Attrs: map[string]string{"backstage_ref": "group:default/dba", "email": "dba@example.com"}, Evidence: ev("backstage", "org.yaml", 1)},
		{ID: "github-team:acme/web", Kind: graph.Owner, Type: "team", Name: "@acme/web", Attrs: map[string]string{"handle": "@acme/web"}, Evidence: ev("codeowners", "CODEOWNERS", 1)},
		{ID: "github-user:octocat", Kind: graph.Owner, Type: "person", Name: "@octocat", Attrs: map[string]string{"handle": "@octocat"}, Evidence: ev("codeowners", "CODEOWNERS", 2)},
		{ID: "github.com/acme/web", Kind: graph.Location, Type: "git-repo", Evidence: ev("codeowners", "CODEOWNERS", 1)},
		{ID: "host:h1/etc/cron.d/backup#backup", Kind: graph.Workload, Type: "cron-job", Attrs: map[string]string{"mailto": "ops@example.com"}, Evidence: ev("cron", "etc/cron.d/backup", 2)},
		{ID: "vault:secret/app/db", Kind: graph.Credential, Type: "vault-kv-secret", Attrs: map[string]string{"tag.owner": "team-app"}, Evidence: ev("vault", "inventory.json", 0)},
	} {
		b.AddNode(n)
	}
	b.AddEdge(graph.Edge{From: "backstage:component:default/api", To: "backstage:group:default/billing", Kind: graph.OwnedBy, Evidence: ev("backstage", "catalog-info.yaml", 7)})
	b.AddEdge(graph.Edge{From: "backstage:resource:default/db", To: "backstage:group:default/dba", Kind: graph.OwnedBy, Evidence: ev("backstage", "catalog-info.yaml", 26)})
	b.AddEdge(graph.Edge{From: "github.com/acme/web", To: "github-team:acme/web", Kind: graph.OwnedBy, Evidence: ev("codeowners", "CODEOWNERS", 1)})
}

func linked(t *testing.T, b *graph.Builder) *graph.Graph {
	t.Helper()
	if err := link.Run(context.Background(), b.Build(), b, link.Default()...); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// effective maps each hinted node to its effective owners.
func effective(g *graph.Graph) map[string][]string {
	out := map[string][]string{}
	for _, no := range owners.Resolve(g, owners.Options{}).Nodes {
		for _, o := range no.Effective() {
			out[no.ID] = append(out[no.ID], o.ID)
		}
	}
	return out
}

// TestDraftLoadsAndUpgrades writes the draft owners file of an estate that
// has none, parses it back with the owners-file connector, and scans the
// estate again with it: every owner lands on the draft's team or person
// (not a second node), and none is referenced-only any more, except the
// GitHub user the format cannot hold without an e-mail address.
func TestDraftLoadsAndUpgrades(t *testing.T) {
	b := graph.NewBuilder()
	hinted(b)
	g := linked(t, b)
	var draft bytes.Buffer
	if err := owners.WriteDraft(&draft, owners.Inventory(g, owners.Options{})); err != nil {
		t.Fatal(err)
	}
	f, err := ownership.Parse("convene-owners.yaml", draft.Bytes())
	if err != nil {
		t.Fatalf("the draft does not load: %v\n%s", err, draft.String())
	}
	var teams, people []string
	for _, tm := range f.Teams {
		teams = append(teams, tm.ID)
	}
	for _, p := range f.People {
		people = append(people, p.Email)
	}
	if diff := cmp.Diff([]string{"billing", "dba", "web", "ledger-squad", "team-app"}, teams); diff != "" {
		t.Errorf("draft teams (-want +got):\n%s\n%s", diff, draft.String())
	}
	if diff := cmp.Diff([]string{"jdoe@example.com", "ops@example.com"}, people); diff != "" {
		t.Errorf("draft people (-want +got):\n%s\n%s", diff, draft.String())
	}

	path := filepath.Join(t.TempDir(), "convene-owners.yaml")
	if err := os.WriteFile(path, draft.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b2 := graph.NewBuilder()
	hinted(b2)
	if err := ownership.New().Discover(context.Background(), []string{path}, b2); err != nil {
		t.Fatal(err)
	}
	g2 := linked(t, b2)
	want := map[string][]string{
		"arn:aws:iam::1:role/ledger-worker": {"team:ledger-squad"},
		"arn:aws:iam::1:role/ops":           {"person:jdoe@example.com"},
		"backstage:component:default/api":   {"team:billing"},
		"backstage:resource:default/db":     {"team:dba"},
		"github.com/acme/web":               {"team:web"},
		"host:h1/etc/cron.d/backup#backup":  {"person:ops@example.com"},
		"vault:secret/app/db":               {"team:team-app"},
	}
	if diff := cmp.Diff(want, effective(g2)); diff != "" {
		t.Errorf("owners after the draft is added (-want +got):\n%s\ndraft:\n%s", diff, draft.String())
	}
	res := owners.Resolve(g2, owners.Options{})
	if diff := cmp.Diff([]string{"github-user:octocat"}, res.Referenced); diff != "" {
		t.Errorf("referenced-only owners left (-want +got):\n%s", diff)
	}
	// Before the draft, the same nodes were owned by the referenced-only
	// owners the draft replaces.
	before := effective(g)
	for id, o := range map[string]string{"arn:aws:iam::1:role/ledger-worker": "team:ledger-squad", "backstage:component:default/api": "backstage:group:default/billing", "host:h1/etc/cron.d/backup#backup": "person:ops@example.com"} {
		if diff := cmp.Diff([]string{o}, before[id]); diff != "" {
			t.Errorf("%s before the draft (-want +got):\n%s", id, diff)
		}
	}
}
