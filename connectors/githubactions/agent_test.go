package githubactions

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/repo"
	"github.com/convene-dev/convene/graph"
)

// agentCorpus holds real workflows that run coding and review agents,
// flattened as <owner>+<repo>--<path with / as _>.
var agentCorpus = filepath.Join("..", "..", "..", "shared", "corpus", "agent-workflows")

// TestAgentCorpus scans every agent workflow of the corpus; each file's
// graph is a golden file checked by hand.
func TestAgentCorpus(t *testing.T) {
	entries, err := os.ReadDir(agentCorpus)
	if err != nil {
		t.Skipf("corpus not found at %s (the shared corpus is checked out beside the repository): %v", agentCorpus, err)
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".yml") {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			owner, rest, _ := strings.Cut(name, "+")
			repoName, flat, _ := strings.Cut(rest, "--")
			f := filepath.ToSlash(filepath.Join(agentCorpus, name))
			// The workflow's own name, so that copilot-setup-steps.yml is
			// recognised as GitHub's.
			flatFile := flat[strings.LastIndex(flat, "_")+1:]
			if strings.HasPrefix(flat, ".github_workflows_") {
				flatFile = strings.TrimPrefix(flat, ".github_workflows_")
			}
			dir := t.TempDir()
			wfDir := filepath.Join(dir, ".github", "workflows")
			if err := os.MkdirAll(wfDir, 0o755); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			local := filepath.Join(wfDir, flatFile)
			if err := os.WriteFile(local, data, 0o644); err != nil {
				t.Fatal(err)
			}
			b := graph.NewBuilder()
			rp := repo.Repo{Host: "github.com", Owner: owner, Name: repoName, Root: filepath.ToSlash(dir), Source: "path"}
			discoverFile(newCache(), filepath.ToSlash(local), b, &rp)
			out := strings.ReplaceAll(b.Build().String(), filepath.ToSlash(dir)+"/", "")
			golden(t, filepath.Join("testdata", "agents", strings.TrimSuffix(name, ".yml")+".out"), out)
		})
	}
	if n < 12 {
		t.Fatalf("found only %d agent workflows", n)
	}
}

func TestCLIAgent(t *testing.T) {
	tests := []struct{ script, want string }{
		{"claude -p \"fix the bug\" --allowedTools Bash", "claude-code"},
		{"npm install -g @anthropic-ai/claude-code\n", ""},
		{"npx -y @openai/codex exec 'review'", "codex"},
		{"export X=1 && gemini -p hi", "gemini-cli"},
		{"git config --global user.name \"claude[bot]\"", ""},
		{"echo claude is here", ""},
		{"ANTHROPIC_API_KEY=$K aider --yes-always --message hi", "aider"},
		{"uvx --from aider-chat aider --message x", ""},
	}
	for _, tt := range tests {
		if got := cliAgent(tt.script); got != tt.want {
			t.Errorf("cliAgent(%q) = %q, want %q", tt.script, got, tt.want)
		}
	}
}

func TestPermissions(t *testing.T) {
	wf := &workflow{perms: &perms{scopes: map[string]string{"contents": "read"}}}
	tests := []struct {
		j    *job
		want []string
		writ string
	}{
		{&job{}, []string{"contents:read"}, "false"},
		{&job{perms: &perms{scopes: map[string]string{"issues": "write", "id-token": "write"}}}, []string{"id-token:write", "issues:write"}, "true"},
		{&job{perms: &perms{all: "write-all"}}, []string{"write-all"}, "true"},
		{&job{perms: &perms{scopes: map[string]string{}}}, []string{"none"}, "false"},
	}
	for _, tt := range tests {
		got, w := permissions(wf, tt.j)
		if diff := cmp.Diff(append(tt.want, tt.writ), append(got, w)); diff != "" {
			t.Errorf("permissions (-want +got):\n%s", diff)
		}
	}
	if got, w := permissions(&workflow{}, &job{}); !slices.Equal(got, []string{"default"}) || w != "unknown" {
		t.Errorf("no permissions anywhere = %s %s, want default unknown", got, w)
	}
}
