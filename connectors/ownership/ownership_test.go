package ownership

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/scanpath"
)

func TestClaims(t *testing.T) {
	c := New()
	for path, want := range map[string]bool{
		"convene-owners.yaml":                    true,
		"infra/teams/convene-owners.yml":         true,
		"/etc/convene/convene-owners.yaml":       true,
		"convene-owners.yaml.bak":                false,
		"my-convene-owners.yaml":                 false,
		"CODEOWNERS":                             false,
		"infra/convene-owners.yaml/README":       false,
		"docs/convene-owners.example.yaml":       false,
		"deploy/convene-owners.yaml/x.yaml":      false,
		"deploy/Convene-Owners.yaml":             false,
		"deploy/convene-owners.json":             false,
		"a/b/c/d/e/f/g/convene-owners.yml":       true,
		"a\\windows\\style\\convene-owners.yaml": false,
	} {
		if got := c.Claims(path, nil); got != want {
			t.Errorf("Claims(%q) = %v, want %v", path, got, want)
		}
	}
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(p)
}

// TestDiscoverAcrossFiles: a bad file is skipped with diagnostics and the
// others land; a team declared in two files is one node whose rules and
// members' teams come from both, without conflicts.
func TestDiscoverAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	root := write(t, dir, "convene-owners.yaml", `version: 1
teams:
  - id: payments
    name: Payments
    contacts: {slack: "#payments"}
    members: [ana@example.com]
rules:
  - ids: ["vault:secret/payments/**"]
    owners: [payments]
`)
	sub := write(t, dir, "svc/convene-owners.yaml", `version: 1
teams:
  - id: payments
    name: Payments
    contacts: {slack: "#payments"}
  - id: sre
    members: [ana@example.com]
rules:
  - ids: ["host:pay-*"]
    owners: [payments]
`)
	bad := write(t, dir, "bad/convene-owners.yaml", "version: 1\nteams:\n  - id: payments\n    colour: blue\n")
	missing := filepath.ToSlash(filepath.Join(dir, "gone/convene-owners.yaml"))

	b := graph.NewBuilder()
	ctx := scanpath.WithRoots(context.Background(), []string{dir})
	if err := New().Discover(ctx, []string{sub, bad, root, missing}, b); err != nil {
		t.Fatal(err)
	}
	g := b.Build()

	team, ok := g.Node("team:payments")
	if !ok {
		t.Fatal("team:payments missing")
	}
	// Rules are in (file, line) order, whatever order the files came in,
	// and cite the files relative to the scanned folder.
	wantRules := `[{"ids":["vault:secret/payments/**"],"file":"convene-owners.yaml","line":8},{"ids":["host:pay-*"],"file":"svc/convene-owners.yaml","line":9}]`
	if diff := cmp.Diff(wantRules, team.Attrs[AttrOwnerRules]); diff != "" {
		t.Errorf("owner_rules gathered from both files (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]graph.Evidence{
		{Connector: Name, Source: root, Line: 3, Basis: graph.Declared},
		{Connector: Name, Source: sub, Line: 3, Basis: graph.Declared},
	}, team.Evidence); diff != "" {
		t.Errorf("evidence of the team from both files, with no conflict (-want +got):\n%s", diff)
	}
	ana, _ := g.Node("person:ana@example.com")
	if got := ana.Attrs[AttrTeams]; got != `["payments","sre"]` {
		t.Errorf(`teams of ana = %q, want ["payments","sre"]`, got)
	}

	var diags []string
	for _, d := range g.Diagnostics() {
		diags = append(diags, strings.ReplaceAll(d.String(), dir, "DIR"))
	}
	want := []string{
		`DIR/bad/convene-owners.yaml:4: error: unknown key "colour" in a team; a team takes id, name, handle, aliases, parent, roles, contacts, members (see docs/owners-file.md); file skipped [owners-file]`,
		`DIR/gone/convene-owners.yaml: error: cannot read owners file: no such file or directory; give convene read access or exclude it [owners-file]`,
	}
	if diff := cmp.Diff(want, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestDiscoverStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b := graph.NewBuilder()
	err := New().Discover(ctx, []string{"testdata/full.yaml"}, b)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Discover with a cancelled context = %v, want context.Canceled", err)
	}
}

// TestEstateOwnersFile keeps the sample estate's owners file free of errors
// and warnings.
func TestEstateOwnersFile(t *testing.T) {
	const path = "../../testdata/estate/convene-owners.yaml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) > 0 {
		t.Errorf("warnings: %v", f.Warnings)
	}
	var ids []string
	for _, tm := range f.Teams {
		ids = append(ids, tm.ID)
	}
	if diff := cmp.Diff([]string{"payments", "platform", "sre", "security", "iam", "data"}, ids); diff != "" {
		t.Errorf("teams (-want +got):\n%s", diff)
	}
}

// TestDocExample keeps the example of docs/owners-file.md valid.
func TestDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/owners-file.md")
	if err != nil {
		t.Skipf("docs not found: %v", err)
	}
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("no ```yaml block in docs/owners-file.md")
	}
	f, err := Parse("docs/owners-file.md", []byte(example))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) > 0 || len(f.Teams) != 3 || len(f.Rules) != 4 {
		t.Errorf("example read as %d teams, %d rules, warnings %v", len(f.Teams), len(f.Rules), f.Warnings)
	}
}
