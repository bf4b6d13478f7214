package repo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRemote(t *testing.T) {
	tests := []struct {
		in                string
		host, owner, name string
		ok                bool
	}{
		{"https://github.com/northwind/payments-api.git", "github.com", "northwind", "payments-api", true},
		{"git@github.com:northwind/payments-api.git", "github.com", "northwind", "payments-api", true},
		{"ssh://git@gitlab.example.com:2222/group/sub/ledger.git", "gitlab.example.com", "group/sub", "ledger", true},
		{"https://user@GitHub.com/o/r", "github.com", "o", "r", true},
		{"/srv/git/repo.git", "", "", "", false},
		{"", "", "", "", false},
	}
	for _, tt := range tests {
		h, o, n, ok := ParseRemote(tt.in)
		if diff := cmp.Diff([]any{tt.host, tt.owner, tt.name, tt.ok}, []any{h, o, n, ok}); diff != "" {
			t.Errorf("ParseRemote(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestIdentify(t *testing.T) {
	dir := t.TempDir()
	// A checkout with a remote.
	co := filepath.Join(dir, "work", "api")
	os.MkdirAll(filepath.Join(co, ".git"), 0o755)
	os.MkdirAll(filepath.Join(co, ".github", "workflows"), 0o755)
	os.WriteFile(filepath.Join(co, ".git", "config"), []byte("[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = git@github.com:up/api.git\n[remote \"origin\"]\n\turl = https://github.com/northwind/payments-api.git\n"), 0o644)
	wf := filepath.Join(co, ".github", "workflows", "ci.yml")
	if got := RootOf(wf); got != co {
		t.Errorf("RootOf = %s, want %s", got, co)
	}
	if got := Identify(co); got.ID() != "github.com/northwind/payments-api" || got.Source != "git-remote" {
		t.Errorf("Identify with remote = %+v", got)
	}
	// A ghq-style path without .git.
	ghq := filepath.Join(dir, "repos", "gitlab.com", "northwind", "ledger")
	os.MkdirAll(filepath.Join(ghq, ".github"), 0o755)
	if got := Identify(RootOf(filepath.Join(ghq, ".github", "x.yml"))); got.ID() != "gitlab.com/northwind/ledger" || got.Source != "path" {
		t.Errorf("Identify ghq path = %+v", got)
	}
	// A ghq-style checkout inside another checkout (a sample estate inside
	// convene's own repository): the nearer layout wins.
	nested := filepath.Join(co, "testdata", "repos", "gitlab.com", "northwind", "ledger")
	os.MkdirAll(nested, 0o755)
	if got := RootOf(filepath.Join(nested, ".gitlab-ci.yml")); got != nested {
		t.Errorf("RootOf nested = %s, want %s", got, nested)
	}
	// A bare folder.
	if got := Identify(filepath.Join(dir, "tools")); got.ID() != "repo:tools" || got.Source != "folder" {
		t.Errorf("Identify folder = %+v", got)
	}
}

func FuzzParseRemote(f *testing.F) {
	for _, s := range []string{"https://github.com/northwind/payments-api.git", "git@github.com:o/r.git", "ssh://git@h:22/a/b/c.git", "", "::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		host, owner, name, ok := ParseRemote(s)
		if ok && (host == "" || owner == "" || name == "") {
			t.Fatalf("ParseRemote(%q) = %q %q %q, ok with an empty part", s, host, owner, name)
		}
	})
}

// TestDottedNames checks that a repository name holding dots is not taken
// for a host: files deep inside github.com/org/name.with.dots belong to
// that repository.
func TestDottedNames(t *testing.T) {
	dir := t.TempDir()
	co := filepath.Join(dir, "github.com", "org", "name.with.dots")
	deep := filepath.Join(co, "ci", "jobs", "Jenkinsfile")
	os.MkdirAll(filepath.Dir(deep), 0o755)
	tests := []struct{ root, id string }{
		{RootOf(deep), "github.com/org/name.with.dots"},
		{filepath.Join(co, "ci", "jobs"), "repo:jobs"},
		{co, "github.com/org/name.with.dots"},
		{filepath.Join(dir, "a.b", "c", "d.e", "f", "g"), "repo:g"},
	}
	for _, tt := range tests {
		if got := Identify(tt.root).ID(); got != tt.id {
			t.Errorf("Identify(%s) = %s, want %s", tt.root, got, tt.id)
		}
	}
	if !Layout(co) || Layout(filepath.Join(co, "ci", "jobs")) {
		t.Errorf("Layout: want true for the checkout, false for a folder two below its dotted name")
	}
}

func TestIdentifyGitLabSubgroup(t *testing.T) {
	got := Identify("gitlab.example.com/northwind/platform/ledger")
	if got.ID() != "gitlab.example.com/northwind/platform/ledger" || got.Owner != "northwind/platform" || got.Source != "path" {
		t.Errorf("Identify subgroup = %+v", got)
	}
	if got := Identify("github.com/a/b/c"); got.Source != "folder" {
		t.Errorf("a GitHub path four deep is no subgroup layout: %+v", got)
	}
}
