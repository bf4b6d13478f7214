package cron

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/goldenfile"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// golden compares got with the golden file out, or rewrites it under -update.
func golden(t *testing.T, out, got string) {
	t.Helper()
	goldenfile.Check(t, out, got)
}

// claimed walks root and returns the files the connector claims, as the
// router would hand them over.
func claimed(t *testing.T, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if New(nil).Claims(filepath.ToSlash(p), nil) {
			files = append(files, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden scans host trees, the sample estate's batch-01 among them,
// and compares the graph and diagnostics with testdata/<name>.out.
func TestGolden(t *testing.T) {
	for name, root := range map[string]string{
		"estate": filepath.Join("..", "..", "testdata", "estate", "hosts", "batch-01"),
		"tree":   filepath.Join("testdata", "tree", "h1"),
	} {
		t.Run(name, func(t *testing.T) {
			files := claimed(t, root)
			if len(files) == 0 {
				t.Fatalf("no cron files under %s", root)
			}
			b := graph.NewBuilder()
			if err := New(nil).Discover(context.Background(), files, b); err != nil {
				t.Fatal(err)
			}
			got := b.Build().String()
			if strings.Contains(got, "hunter2") || strings.Contains(got, "sekret") || strings.Contains(got, "fake-inline-secret") || strings.Contains(got, "not-a-real-id") || strings.Contains(got, "placeholder-not-real") {
				t.Errorf("a secret value leaked into the graph:\n%s", got)
			}
			golden(t, filepath.Join("testdata", name+".out"), got)
		})
	}
}

// TestCorpus reads the public cron files of the shared corpus, each as the
// kind of file it is, and compares with testdata/corpus/<name>.out.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "cron-and-systemd")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not found at %s; clone it beside the repository to run this test", dir)
	}
	cases := map[string]source{
		"borgmatic/sample_cron_borgmatic": {kind: System},
		"cronie/contrib_0hourly":          {kind: System},
		"cronie/contrib_dailyjobs":        {kind: System},
		"cronie/contrib_anacrontab":       {kind: Anacron},
		"sysstat/cron_crontab.sample":     {kind: User, user: "adm"},
		"sysstat/cron_sysstat.crond.in":   {kind: System},
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			b := graph.NewBuilder()
			e := emitter{b: b, host: shellcmd.Host{Root: "corpus", Name: "corpus", NameSource: "folder"}, file: name, onHost: "/" + name}
			e.read(data, src)
			golden(t, filepath.Join("testdata", "corpus", strings.ReplaceAll(name, "/", "_")+".out"), b.Build().String())
		})
	}
}

func TestClaims(t *testing.T) {
	for p, want := range map[string]bool{
		"hosts/a/etc/crontab":                 true,
		"/etc/cron.d/backup":                  true,
		"etc/cron.d/.placeholder":             false,
		"etc/cron.d/backup.dpkg-old":          false,
		"x/var/spool/cron/crontabs/alice":     true,
		"x/var/spool/cron/bob":                true,
		"x/etc/cron.daily/logrotate":          true,
		"x/etc/cron.daily/sub/x":              false,
		"x/etc/anacrontab":                    true,
		"x/etc/crontab.bak":                   false,
		"x/etc/systemd/system/a.service":      false,
		"repo/docs/etc/cron.d/example.md.txt": true,
	} {
		if got := New(nil).Claims(p, nil); got != want {
			t.Errorf("Claims(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	f := Parse([]byte("CRON_TZ=UTC\n0 3 * * * root a%b%c\\%d\n@weekly u2 x\n"), System, "")
	want := []Entry{
		{Line: 2, Schedule: graph.Schedule{Expr: "0 3 * * *", Dialect: graph.Cron, TimeZone: "UTC"}, User: "root", Command: "a", Stdin: "b\nc%d", Env: []Env{{Name: "CRON_TZ", value: "UTC", Line: 1}}},
		{Line: 3, Schedule: graph.Schedule{Expr: "@weekly", Dialect: graph.Cron, TimeZone: "UTC"}, User: "u2", Command: "x", Env: []Env{{Name: "CRON_TZ", value: "UTC", Line: 1}}},
	}
	if diff := cmp.Diff(want, f.Entries, cmp.AllowUnexported(Env{})); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if len(f.Problems) != 0 {
		t.Errorf("problems: %v", f.Problems)
	}
}

// TestConfiguredHostName: a tree without etc/hostname takes the name the
// configuration gives its root folder.
func TestConfiguredHostName(t *testing.T) {
	cfg := config.Default()
	cfg.Hosts.Names = map[string]string{"**/h1": "configured-h1"}
	b := graph.NewBuilder()
	if err := New(cfg).Discover(context.Background(), claimed(t, filepath.Join("testdata", "tree", "h1")), b); err != nil {
		t.Fatal(err)
	}
	n, ok := b.Build().Node("host:configured-h1")
	if !ok || n.Attrs["name_source"] != "config" {
		t.Errorf("host node = %+v, %v", n, ok)
	}
}
