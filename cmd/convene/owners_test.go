package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/ownership"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// hintTree is a small estate with one owner hint of each kind and no
// owners file, in the files the real connectors read.
var hintTree = map[string]string{
	"aws/iam.json": `{"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": [{
  "Path": "/", "RoleName": "ledger-worker", "RoleId": "AROAEXAMPLELEDGER0001",
  "Arn": "arn:aws:iam::111122223333:role/ledger-worker",
  "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
  "RolePolicyList": [], "AttachedManagedPolicies": [],
  "Tags": [{"Key": "owner", "Value": "ledger"}]}]}
`,
	"catalog/catalog-info.yaml": `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
spec:
  type: service
  lifecycle: production
  owner: group:default/billing
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: orders-db
spec:
  type: database
  owner: group:default/dba
`,
	"repos/github.com/acme/web/.github/CODEOWNERS": "* @acme/web-team\n",
	"repos/github.com/acme/web/.github/workflows/ci.yml": `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
`,
	"hosts/h1/etc/hostname":      "h1\n",
	"hosts/h1/etc/cron.d/backup": "MAILTO=ops@example.com\n0 1 * * * root /usr/local/bin/backup\n",
	"vault/inventory.json": `{"convene_vault_inventory": 1, "cluster": "", "responses": {
  "READ sys/mounts": {"data": {"secret/": {"type": "kv", "options": {"version": "2"}}}},
  "LIST secret/metadata/": {"keys": ["app"]},
  "READ secret/metadata/app": {"data": {"current_version": 1, "custom_metadata": {"owner": "team-app"}}}}}
`,
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// ownersDoc is the part of `convene owners --format json` the tests read.
type ownersDoc struct {
	Owners []struct {
		ID             string   `json:"id"`
		ReferencedOnly bool     `json:"referenced_only"`
		InOwnersFile   bool     `json:"in_owners_file"`
		NamedBy        []string `json:"named_by"`
		Owns           []string `json:"owns"`
		Evidence       []string `json:"evidence"`
	} `json:"owners"`
}

func ownersOf(t *testing.T, graphFile string) ownersDoc {
	t.Helper()
	stdout, stderr, code := run(t, "owners", "--graph", graphFile, "--format", "json")
	if code != 0 {
		t.Fatalf("owners exited %d: %s", code, stderr)
	}
	var doc ownersDoc
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOwnersFromHints scans an estate with no owners file through the real
// connectors: each kind of hint gives an owner, referenced-only, with the
// file it came from; the catalog edges to Groups elsewhere land; and the
// draft `convene owners --format yaml` writes loads as an owners file that,
// scanned with the estate, takes over every one of them.
func TestOwnersFromHints(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, filepath.Join(dir, "estate"), hintTree)
	graphFile := filepath.Join(dir, "g.json")
	stdout, stderr, code := run(t, "scan", filepath.Join(dir, "estate"), "--out", graphFile)
	if code != 0 {
		t.Fatalf("scan exited %d:\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stdout, "edge dropped") {
		t.Errorf("an owner edge was dropped:\n%s", stdout)
	}
	if !strings.Contains(stdout, "owners: 6 named only by") {
		t.Errorf("the summary does not count the referenced-only owners:\n%s", stdout)
	}
	type row struct {
		ID, NamedBy, Owns string
		Ref               bool
	}
	var got []row
	for _, o := range ownersOf(t, graphFile).Owners {
		owns := strings.Join(o.Owns, " ")
		if strings.HasPrefix(owns, "host:h1/") {
			owns = "host:h1/…" // the cron job's ID is the cron connector's to choose
		}
		got = append(got, row{o.ID, strings.Join(o.NamedBy, ","), owns, o.ReferencedOnly})
	}
	want := []row{
		{"backstage:group:default/billing", "catalog spec.owner", "backstage:component:default/checkout", true},
		{"backstage:group:default/dba", "catalog spec.owner", "backstage:resource:default/orders-db", true},
		{"github-team:acme/web-team", "CODEOWNERS", "github.com/acme/web github.com/acme/web/.github/workflows/ci.yml github.com/acme/web/.github/workflows/ci.yml#build", true},
		{"person:ops@example.com", "MAILTO", "host:h1/…", true},
		{"team:ledger", "tag.owner", "arn:aws:iam::111122223333:role/ledger-worker", true},
		{"team:team-app", "tag.owner", "vault:secret/app", true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("owners (-want +got):\n%s", diff)
	}

	draft, stderr, code := run(t, "owners", "--graph", graphFile, "--format", "yaml")
	if code != 0 {
		t.Fatalf("owners --format yaml exited %d: %s", code, stderr)
	}
	if _, err := ownership.Parse("convene-owners.yaml", []byte(draft)); err != nil {
		t.Fatalf("the draft does not load: %v\n%s", err, draft)
	}
	writeTree(t, filepath.Join(dir, "estate"), map[string]string{"convene-owners.yaml": draft})
	graph2 := filepath.Join(dir, "g2.json")
	if _, stderr, code := run(t, "scan", filepath.Join(dir, "estate"), "--out", graph2); code != 0 {
		t.Fatalf("scan with the draft exited %d: %s", code, stderr)
	}
	var upgraded []string
	for _, o := range ownersOf(t, graph2).Owners {
		if o.ReferencedOnly || !o.InOwnersFile {
			t.Errorf("%s is still not an owners-file owner after the draft", o.ID)
		}
		if len(o.Owns) > 0 {
			upgraded = append(upgraded, o.ID)
		}
	}
	if diff := cmp.Diff([]string{"person:ops@example.com", "team:billing", "team:dba", "team:ledger", "team:team-app", "team:web-team"}, upgraded); diff != "" {
		t.Errorf("owners after the draft (-want +got):\n%s", diff)
	}
}

// TestOwnersFormats: an unknown format is a usage error.
func TestOwnersFormats(t *testing.T) {
	if _, _, code := run(t, "owners", "--graph", "testdata/estate.golden.json", "--format", "xml"); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	stdout, _, code := run(t, "owners", "--graph", "cmd/convene/testdata/estate.golden.json")
	if code != 0 || !strings.Contains(stdout, "team:payments (team) Payments Engineering: in the owners file") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	if !slices.ContainsFunc(strings.Split(stdout, "\n"), func(l string) bool { return strings.HasPrefix(l, "person:platform-alerts@example.com") }) {
		t.Errorf("the MAILTO owner is missing:\n%s", stdout)
	}
}

// estatePlans are the successful plans of TestEstatePlansGolden.
var estatePlans = [][]string{
	{"rotate", "secret/payments/db", "--window", "2026-12-01T22:00Z/4h"},
	{"rotate", "vault:secret/payments/stripe-webhook", "--window", "2026-12-01T22:00Z/4h"},
	{"rotate", "aws-access-key:AKIAZNWBACKUPKEY0001", "--window", "2026-12-01T22:00Z/4h"},
	{"rotate", "user/svc-backup"},
	{"revoke", "role/payments-deploy"},
	{"disable", "aws-access-key:AKIAZNWLEGACYKEY0001"},
	{"delete", "vault:secret/ledger/db"},
	{"modify", "vault:sys/policies/acl/payments-read"},
	{"modify", "arn:aws:iam::aws:policy/AdministratorAccess"},
	{"decommission", "github.com/northwind/payments-api/.github/workflows/legacy-report.yml#report"},
}

// copyTree copies the sample estate into dir, leaving out the files skip
// names.
func copyTree(t *testing.T, src, dir string, skip ...string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() || slices.Contains(skip, filepath.ToSlash(rel)) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// hintAttrs are the attributes that name an owner: the default owner tag
// keys, a catalog entity's spec.owner and a cron job's MAILTO.
var hintAttrs = []string{"tag.owner", "tag.Owner", "tag.team", "tag.Team", "annotation.owner", "annotation.team", "owner", "mailto"}

// TestEstateWithoutOwnersFile scans the sample estate without its owners
// file, as a new user's estate would be, and plans the changes the CLI
// tests plan: every impacted node (and target) that carries an owner hint
// of its own, or that CODEOWNERS covers, has an owner, and every owner of
// an impacted node is invited.
func TestEstateWithoutOwnersFile(t *testing.T) {
	wd, _ := os.Getwd()
	dir := t.TempDir()
	copyTree(t, filepath.Join(wd, "..", "..", "testdata", "estate"), filepath.Join(dir, "estate"), "convene-owners.yaml")
	graphFile := filepath.Join(dir, "g.json")
	if stdout, stderr, code := run(t, "scan", filepath.Join(dir, "estate"), "--out", graphFile); code != 0 {
		t.Fatalf("scan exited %d:\n%s%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(graphFile)
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Nodes []struct {
			ID    string            `json:"id"`
			Attrs map[string]string `json:"attrs"`
		} `json:"nodes"`
		Edges []struct {
			From, To, Kind string
			Evidence       []struct{ Connector string } `json:"evidence"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(data, &g); err != nil {
		t.Fatal(err)
	}
	hinted := map[string]bool{}
	for _, n := range g.Nodes {
		for _, k := range hintAttrs {
			if n.Attrs[k] != "" && (k != "owner" || n.Attrs["backstage_ref"] != "") {
				hinted[n.ID] = true
			}
		}
	}
	for _, e := range g.Edges {
		for _, ev := range e.Evidence {
			if e.Kind == "owned_by" && (ev.Connector == "codeowners" || ev.Connector == "link/codeowners") {
				hinted[e.From] = true
			}
		}
	}
	checked := 0
	for _, args := range estatePlans {
		stdout, stderr, code := runAt(t, append([]string{"plan"}, append(args, "--graph", graphFile, "--format", "json")...)...)
		if code != 0 {
			t.Fatalf("plan %v exited %d: %s", args, code, stderr)
		}
		var p struct {
			Targets  []string `json:"targets"`
			Unowned  []string `json:"unowned"`
			Impacted []struct {
				ID     string `json:"id"`
				Owners []struct {
					ID string `json:"id"`
				} `json:"owners"`
			} `json:"impacted"`
			Invite []struct {
				Owner          string `json:"owner"`
				ReferencedOnly bool   `json:"referenced_only"`
			} `json:"invite"`
		}
		if err := json.Unmarshal([]byte(stdout), &p); err != nil {
			t.Fatal(err)
		}
		invited := map[string]bool{}
		for _, inv := range p.Invite {
			invited[inv.Owner] = true
		}
		for _, id := range p.Targets {
			if !hinted[id] {
				continue
			}
			checked++
			if slices.Contains(p.Unowned, id) {
				t.Errorf("plan %v: target %s has an owner hint but no owner", args, id)
			}
		}
		for _, im := range p.Impacted {
			if hinted[im.ID] {
				checked++
				if len(im.Owners) == 0 {
					t.Errorf("plan %v: %s has an owner hint but no owner", args, im.ID)
				}
			}
			for _, o := range im.Owners {
				if !invited[o.ID] {
					t.Errorf("plan %v: %s owns %s but is not invited", args, o.ID, im.ID)
				}
			}
		}
	}
	t.Logf("%d hinted targets and impacted nodes checked", checked)
	if checked < 15 {
		t.Errorf("only %d hinted nodes checked; the estate should have more", checked)
	}
}

// TestOwnersEstateGolden lists the owners of the sample estate, with and
// without its owners file, and the draft owners file of the estate without
// it. Each golden was read by hand once.
func TestOwnersEstateGolden(t *testing.T) {
	wd, _ := os.Getwd()
	dir := t.TempDir()
	copyTree(t, filepath.Join(wd, "..", "..", "testdata", "estate"), filepath.Join(dir, "bare"), "convene-owners.yaml")
	with, without := filepath.Join(dir, "with.json"), filepath.Join(dir, "without.json")
	for _, s := range [][2]string{{"testdata/estate", with}, {filepath.Join(dir, "bare"), without}} {
		if _, stderr, code := run(t, "scan", s[0], "--out", s[1]); code != 0 {
			t.Fatalf("scan %s exited %d: %s", s[0], code, stderr)
		}
	}
	for _, tc := range []struct{ name, graph, format string }{
		{"estate.txt", with, "text"},
		{"estate-without-owners-file.txt", without, "text"},
		{"estate-without-owners-file-draft.yaml", without, "yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := run(t, "owners", "--graph", tc.graph, "--format", tc.format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := strings.ReplaceAll(stdout, filepath.Join(dir, "bare")+string(filepath.Separator), "testdata/estate/")
			path := filepath.Join("testdata", "owners", tc.name)
			goldenfile.Check(t, path, got)
		})
	}
}
