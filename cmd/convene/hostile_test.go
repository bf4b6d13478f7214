package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// aliasBomb is the "billion laughs" of YAML: nine levels of nine aliases.
func aliasBomb() string {
	var sb strings.Builder
	sb.WriteString("on: push\nlol0: &a0 [\"lol\"]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&sb, "lol%d: &a%d [", i, i)
		for j := range 9 {
			if j > 0 {
				sb.WriteString(",")
			}
			fmt.Fprintf(&sb, "*a%d", i-1)
		}
		sb.WriteString("]\n")
	}
	sb.WriteString("jobs:\n  build:\n    runs-on: *a9\n    steps: *a9\n")
	return sb.String()
}

// TestHostileFiles scans a tree of files made to hurt a parser or a walk.
// Each must end in bounded time and memory with a diagnostic naming it, and
// the rest of the tree must still be read.
func TestHostileFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 100 MB file")
	}
	dir := t.TempDir()
	wf := filepath.Join(dir, "repo", ".github", "workflows")
	os.MkdirAll(wf, 0o755)
	write := func(rel string, data []byte) string {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A good file, which must still be read.
	write("repo/.github/workflows/good.yml", []byte("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n"))
	write("repo/.github/workflows/bomb.yml", []byte(aliasBomb()))
	k8sBomb := strings.Replace(aliasBomb(), "on: push\n", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n", 1)
	k8sBomb = strings.Replace(k8sBomb, "jobs:\n  build:\n    runs-on: *a9\n    steps: *a9\n", "spec:\n  template:\n    spec:\n      containers: *a9\n      volumes: *a9\n", 1)
	write("k8s/bomb.yaml", []byte(k8sBomb))
	deep := `{"format":"convene-graph","version":1,"nodes":` + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + "}"
	write("exports/deep.json", []byte(deep))
	write("exports/deep-iam.json", []byte(`{"UserDetailList":`+strings.Repeat(`{"a":`, 100000)+"1"+strings.Repeat("}", 100000)+"}"))
	// One line of 100 MB in a workflow: over the walk's size limit.
	big := bytes.Repeat([]byte("a"), 100<<20)
	write("repo/.github/workflows/long-line.yml", append([]byte("on: push\nx: "), big...))
	// A 9 MB line in a crontab: under the limit, longer than any line reader's buffer.
	write("hosts/h1/etc/cron.d/long", append(append([]byte("0 3 * * * root /bin/"), big[:9<<20]...), '\n'))
	nul := append(bytes.Repeat([]byte("# padding\n"), 1000), []byte("on: push\njobs:\n  x:\n    runs-on: \x00\x00\n")...)
	write("repo/.github/workflows/nul.yml", nul)
	write("repo/.github/workflows/utf8.yml", []byte("on: push\njobs:\n  x:\n    runs-on: \xff\xfe\xc3\x28\n"))
	os.Symlink("loop-b.yml", filepath.Join(wf, "loop-a.yml"))
	os.Symlink("loop-a.yml", filepath.Join(wf, "loop-b.yml"))
	if runtime.GOOS != "windows" {
		syscall.Mkfifo(filepath.Join(wf, "fifo.yml"), 0o600)
	}
	locked := filepath.Join(dir, "locked")
	write("locked/.github/workflows/x.yml", []byte("on: push\n"))
	os.Chmod(locked, 0)
	defer os.Chmod(locked, 0o755)
	root := os.Geteuid() == 0
	if root {
		t.Log("running as root: an unreadable folder cannot be made, that case is not checked")
	}

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	stdout, stderr, code := run(t, "scan", dir)
	took := time.Since(start)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if code != 1 {
		t.Errorf("exit %d, want 1 (files skipped)\n%s", code, stderr)
	}
	if took > 60*time.Second {
		t.Errorf("the scan took %s", took)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 2<<30 {
		t.Errorf("the scan allocated %d MB", grew>>20)
	}
	t.Logf("scan of the hostile tree: %s, %d MB allocated", took.Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
	// k8s/bomb.yaml is not named: the kubernetes connector never expands an
	// alias it does not need, so the bomb costs nothing and says nothing.
	for _, name := range []string{"bomb.yml", "deep.json", "deep-iam.json", "long-line.yml", "cron.d/long", "nul.yml", "utf8.yml", "loop-a.yml"} {
		if !strings.Contains(stdout, name) {
			t.Errorf("no diagnostic names %s", name)
		}
	}
	if !strings.Contains(stdout, "cron.d/long:1: error: line longer than 1 MiB") {
		t.Error("the crontab's long line is not named with its line")
	}
	if !root && !strings.Contains(stdout, "locked") {
		t.Error("no diagnostic names the unreadable folder")
	}
	if !strings.Contains(stdout, "good.yml") && !strings.Contains(stdout, "github-actions") {
		t.Errorf("the good workflow was not read:\n%s", stdout)
	}
	if t.Failed() {
		t.Logf("summary:\n%s", stdout)
	}
}
