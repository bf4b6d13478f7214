package cron

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
)

// jobIDs scans one cron.d file with the given text on host h1 and returns
// the IDs of its jobs, in ID order.
func jobIDs(t *testing.T, text string) []string {
	t.Helper()
	root := t.TempDir()
	p := filepath.Join(root, "h1", "etc", "cron.d", "jobs")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), []string{filepath.ToSlash(p)}, b); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, n := range b.Build().Nodes() {
		if n.Type == "cron-job" {
			ids = append(ids, n.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

// TestJobIDsStable checks that a job keeps its ID when lines move around
// it, when its schedule changes and when it is repeated.
func TestJobIDsStable(t *testing.T) {
	const base = "MAILTO=ops\n30 2 * * * root /usr/local/bin/backup.sh --full\n15 4 * * * root aws s3 sync /srv s3://b\n"
	want := []string{"host:h1/etc/cron.d/jobs#root:aws", "host:h1/etc/cron.d/jobs#root:backup.sh"}
	for name, text := range map[string]string{
		"as written":         base,
		"comment above":      "# managed by ansible\n\n" + base,
		"schedule changed":   "MAILTO=ops\n45 3 * * 1 root /usr/local/bin/backup.sh --full\n15 4 * * * root aws s3 sync /srv s3://b\n",
		"reordered":          "15 4 * * * root aws s3 sync /srv s3://b\nMAILTO=ops\n30 2 * * * root /usr/local/bin/backup.sh --full\n",
		"arguments changed":  "30 2 * * * root /usr/local/bin/backup.sh --incremental\n15 4 * * * root aws s3 sync /srv s3://b\n",
		"blanks re-indented": "30  2 * * *\troot   /usr/local/bin/backup.sh   --full\n15 4 * * * root aws s3 sync /srv s3://b\n",
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(want, jobIDs(t, text)); diff != "" {
				t.Errorf("job IDs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestJobIDsRepeats checks how jobs that share a program are told apart.
func TestJobIDsRepeats(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"identical lines get ordinals", "0 * * * * root /opt/sync\n0 * * * * root /opt/sync\n# again\n30 * * * * root /opt/sync\n",
			[]string{"host:h1/etc/cron.d/jobs#root:sync", "host:h1/etc/cron.d/jobs#root:sync~2", "host:h1/etc/cron.d/jobs#root:sync~3"}},
		{"same program, other arguments", "0 1 * * * root run-parts /etc/cron.daily\n0 2 * * 0 root run-parts /etc/cron.weekly\n",
			[]string{"host:h1/etc/cron.d/jobs#root:run-parts@cron.daily", "host:h1/etc/cron.d/jobs#root:run-parts@cron.weekly"}},
		{"same program, other users", "0 1 * * * root /opt/sync\n0 1 * * * app /opt/sync\n",
			[]string{"host:h1/etc/cron.d/jobs#app:sync", "host:h1/etc/cron.d/jobs#root:sync"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, jobIDs(t, tc.text)); diff != "" {
				t.Errorf("job IDs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestJobIDsNoLineNumbers checks that no job ID of the test trees ends in
// a line number.
func TestJobIDsNoLineNumbers(t *testing.T) {
	lineSuffix := regexp.MustCompile(`#[0-9]+$`)
	for _, root := range []string{filepath.Join("..", "..", "testdata", "estate", "hosts"), filepath.Join("testdata", "tree")} {
		b := graph.NewBuilder()
		if err := New(nil).Discover(context.Background(), claimed(t, root), b); err != nil {
			t.Fatal(err)
		}
		for _, n := range b.Build().Nodes() {
			if lineSuffix.MatchString(n.ID) {
				t.Errorf("node ID %q holds a line number", n.ID)
			}
		}
	}
}

// FuzzJobKeys checks that the jobs of any file get distinct keys free of
// a trailing line-number form.
func FuzzJobKeys(f *testing.F) {
	for _, s := range []string{"0 * * * * root /opt/sync\n0 * * * * root /opt/sync\n", "0 1 * * * root run-parts /etc/cron.daily\n0 2 * * 0 root run-parts /etc/cron.weekly\n",
		"@daily a:b c\n@daily a b:c\n", "1 2 3 4 5 r~2 x\n1 2 3 4 5 r x\n1 2 3 4 5 r x\n"} {
		f.Add(s)
	}
	digits := regexp.MustCompile(`^[0-9]+$`)
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []Kind{System, User, Anacron} {
			file := Parse([]byte(s), kind, "alice")
			masked := make([]string, len(file.Entries))
			for i, en := range file.Entries {
				masked[i], _ = shellcmd.ScanMasked(en.Command)
			}
			seen := map[string]bool{}
			for _, k := range jobKeys(file.Entries, masked, kind) {
				if seen[k] || k == "" || digits.MatchString(k) {
					t.Fatalf("kind %d: key %q repeated, empty or a number in %q", kind, k, s)
				}
				seen[k] = true
			}
		}
	})
}
