package cloudtrail

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/observe"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// head returns what the router would show a claimer of the file at p.
func head(t testing.TB, p string) []byte {
	t.Helper()
	rc, err := observe.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	buf := make([]byte, 8<<10)
	n, _ := io.ReadFull(rc, buf)
	return buf[:n]
}

func discover(t testing.TB, files ...string) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// corpus returns the claimed files of the shared corpus's CloudTrail folder.
func corpus(t *testing.T) (claimed, unclaimed []string) {
	root := filepath.Join("..", "..", "..", "shared", "corpus", "cloudtrail")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("corpus not found at %s; clone the shared corpus beside the repository to run this test", root)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "*"))
	for _, f := range files {
		f = filepath.ToSlash(f)
		if New(nil).Claims(f, head(t, f)) {
			claimed = append(claimed, f)
		} else {
			unclaimed = append(unclaimed, f)
		}
	}
	return claimed, unclaimed
}

// TestCorpus reads the public CloudTrail files of the shared corpus.
// Counted by hand: the detonation logs read 20 secrets with one AKIA key
// (21 calls with ListSecrets), assume a role twice with another; the GitHub
// OIDC record names its subject; the two documentation samples that are not
// valid JSON are one diagnostic each.
func TestCorpus(t *testing.T) {
	claimed, unclaimed := corpus(t)
	for _, f := range unclaimed {
		if !strings.Contains(filepath.Base(f), "LICENSE") && !strings.Contains(filepath.Base(f), "NOTICE") {
			t.Errorf("not claimed: %s", f)
		}
	}
	g := discover(t, claimed...)
	var bad []string
	for _, d := range g.Diagnostics() {
		bad = append(bad, filepath.Base(d.File))
	}
	slices.Sort(bad)
	wantBad := []string{
		"aws-cloudtrail-user-guide--doc_source_cloudtrail-log-file-examples.md--L213-246-Records-CreateRole.json",
		"iam-user-guide--doc_source_cloudtrail-integration.md--L422-476-AssumeRoleWithWebIdentity.json",
	}
	if diff := cmp.Diff(wantBad, bad); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	got := map[string]int64{}
	reads := 0
	for _, n := range g.Nodes() {
		c := n.Evidence[0].Observed.Count
		switch {
		case n.Attrs["observed.kind"] == "reads" && strings.Contains(n.Attrs["observed.object"], "stratus-red-team-retrieve-secret-"):
			reads++
		default:
			got[n.Attrs["observed.kind"]+" "+n.Attrs["observed.client"]+" "+n.Attrs["observed.object"]] += c
		}
	}
	if reads != 20 {
		t.Errorf("%d secrets read, want 20", reads)
	}
	for k, want := range map[string]int64{
		"uses aws-access-key:AKIA1JMTHE9ZMZMWG0MG@253.201.144.253/stratus-red-team aws-access-key:AKIA1JMTHE9ZMZMWG0MG":                                                                                  21,
		"assumes arn:aws:iam::307578594326:user/christophe arn:aws:iam::307578594326:role/stratus-red-team-leave-org-role":                                                                               2,
		"assumes oidc:token.actions.githubusercontent.com:repo:ccbrown/cloud-snitch:ref:refs/heads/main arn:aws:iam::774305579662:role/cloud-snitch-github-actio-GithubActionsRoleF5CC769F-MoeCHSu77MYt": 1,
		"assumes aws-service:logs.amazonaws.com arn:aws:iam::222222222222:role/Honeycomb-Logs-LogStreamRole-1234567890a":                                                                                 1,
		"assumes arn:aws:iam::777788889999:user/JohnDoe arn:aws:iam::111122223333:role/EC2-dev":                                                                                                          1,
	} {
		if got[k] != want {
			t.Errorf("%s: count %d, want %d", k, got[k], want)
		}
	}
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"records.json", "bare-array.json"} {
		t.Run(name, func(t *testing.T) {
			p := filepath.ToSlash(filepath.Join("testdata", name))
			if !New(nil).Claims(p, head(t, p)) {
				t.Fatalf("%s not claimed", p)
			}
			goldenfile.Check(t, filepath.Join("testdata", name+".out"), discover(t, p).String())
		})
	}
}
