package vaultaudit

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// discover runs the connector on files and returns the built graph.
func discover(t testing.TB, files ...string) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"audit.log", "pretty.json"} {
		t.Run(name, func(t *testing.T) {
			p := filepath.ToSlash(filepath.Join("testdata", name))
			head, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !New(nil).Claims(p, head) {
				t.Fatalf("%s not claimed", p)
			}
			goldenfile.Check(t, filepath.Join("testdata", name+".out"), discover(t, p).String())
		})
	}
}

// TestCorpus reads the public Vault audit logs of the shared corpus.
func TestCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "vault-audit")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not found at %s; clone the shared corpus beside the repository to run this test", root)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "*"))
	var claimed []string
	for _, f := range files {
		head := make([]byte, 8<<10)
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := fh.Read(head)
		fh.Close()
		if New(nil).Claims(filepath.ToSlash(f), head[:n]) {
			claimed = append(claimed, filepath.ToSlash(f))
		}
	}
	if len(claimed) != 2 {
		t.Fatalf("claimed %v, want the log and the pretty-printed entry", claimed)
	}
	g := discover(t, claimed...)
	for _, d := range g.Diagnostics() {
		t.Errorf("diagnostic: %s", d)
	}
	// Counted by hand from the log: lab-user-7 read one KV v2 secret three
	// times; the lab admins' token issued 20 certificates and read 25 TOTP
	// codes; writes, lists, metadata and sys/ reads are not uses.
	got := map[string]int64{}
	for _, n := range g.Nodes() {
		got[n.Attrs["observed.kind"]+" "+n.Attrs["observed.client"]+" "+n.Attrs["observed.object"]] = n.Evidence[0].Observed.Count
	}
	want := map[string]int64{
		"reads vault:auth/userpass/users/lab-user-7#entity=e734283e-0038-1307-3345-a700dcbc1846 vault:kv-v2/lab/lab-credential-1":                3,
		"reads vault:token/token-lab-admins vault:pki_int/roles/example-dot-com":                                                                 20,
		"reads vault:token/token-lab-admins vault:totp/code/my-key":                                                                              25,
		"authenticates_as vault:auth/approle/role/my-role#entity=c116f480-fef9-1013-791e-76dbfcbb031a vault:auth/approle/role/my-role":           8,
		"authenticates_as vault:auth/userpass/users/lab-user-7#entity=e734283e-0038-1307-3345-a700dcbc1846 vault:auth/userpass/users/lab-user-7": 102,
		"authenticates_as vault:auth/userpass/users/lab-user-1#entity=ace0daa6-a8e2-42a3-265e-6e796335b7d9 vault:auth/userpass/users/lab-user-1": 11,
		"authenticates_as vault:auth/userpass/users/lab-user-3#entity=a1532c0c-0caf-e849-5210-794f84812c4c vault:auth/userpass/users/lab-user-3": 74,
		"authenticates_as vault:auth/userpass/users/lab-user-4#entity=88dbac29-1b79-8988-c3c8-02892ea06e5c vault:auth/userpass/users/lab-user-4": 1,
		"authenticates_as vault:auth/userpass/users/lab-user-5#entity=982ce69a-7c37-c8b2-4541-c28a5021201f vault:auth/userpass/users/lab-user-5": 33,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("observed uses (-want +got):\n%s", diff)
	}
}
