package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShellCompletion(t *testing.T) {
	g := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", g); code != 0 {
		t.Fatalf("scan: %s", stderr)
	}
	abs, _ := filepath.Abs(g)
	tests := []struct {
		name string
		args []string
		want []string // lines the completion must offer
		not  []string
	}{
		{"actions", []string{"__complete", "plan", "re"}, []string{"revoke"}, []string{"rotate"}},
		{"plan targets from the graph", []string{"__complete", "plan", "rotate", "--graph", abs, "vault:secret/pay"}, []string{"vault:secret/payments/db\tvault-kv-secret"}, nil},
		{"show", []string{"__complete", "show", "--graph", abs, "team:"}, []string{"team:payments\tteam"}, nil},
		{"formats", []string{"__complete", "findings", "--format", ""}, []string{"sarif", "gitlab"}, nil},
		{"export formats", []string{"__complete", "export", "--format", "g"}, []string{"graphml"}, nil},
		{"an unreadable graph offers nothing", []string{"__complete", "show", "--graph", "/nonexistent.json", "x"}, nil, []string{"team:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, code := run(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d", code)
			}
			lines := strings.Split(stdout, "\n")
			has := func(want string) bool {
				for _, l := range lines {
					if l == want || strings.HasPrefix(l, want) {
						return true
					}
				}
				return false
			}
			for _, w := range tt.want {
				if !has(w) {
					t.Errorf("completion lacks %q:\n%s", w, stdout)
				}
			}
			for _, n := range tt.not {
				if has(n) {
					t.Errorf("completion offers %q:\n%s", n, stdout)
				}
			}
		})
	}
}

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := run(t, "man", "--out", dir); code != 0 {
		t.Fatalf("man: %s", stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "convene-plan.1"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".TH \"CONVENE\" \"1\"", "--fail-on-tier", "EXAMPLE"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("convene-plan.1 lacks %q", want)
		}
	}
}
