package mcp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// claimed walks root and returns the files the connector claims, as a
// scan would hand them over.
func claimed(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		p = filepath.ToSlash(p)
		head, _ := os.ReadFile(p)
		if New(nil).Claims(p, head) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func discover(t *testing.T, files []string) *graph.Graph {
	t.Helper()
	b := graph.NewBuilder()
	if err := New(nil).Discover(context.Background(), files, b); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// TestGolden scans the fixture repositories and home folder.
func TestGolden(t *testing.T) {
	files := claimed(t, "testdata")
	want := []string{
		"testdata/hosts/dev-01/home/ana/.cursor/mcp.json",
		"testdata/repos/github.com/acme/broken/.mcp.json",
		"testdata/repos/github.com/acme/tools/.mcp.json",
		"testdata/repos/github.com/acme/tools/.vscode/mcp.json",
	}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Fatalf("claimed files (-want +got):\n%s", diff)
	}
	goldenfile.Check(t, filepath.Join("testdata", "fixtures.out"), discover(t, files).String())
}

// planted are the credential values written into the fixtures.
var planted = []string{"ghp_FakeTokenForTests0000000000000000001", "Plant3dDbPassw0rd", "PlantedQueryKey123456",
	"PlantedHeaderKey123456", "PlantedArgKey1234567"}

// TestNoSecretValues proves that credentials written into a configuration
// reach neither the graph nor its diagnostics, only their fingerprints.
func TestNoSecretValues(t *testing.T) {
	g := discover(t, []string{"testdata/repos/github.com/acme/tools/.mcp.json"})
	got := g.String()
	for _, d := range g.Diagnostics() {
		got += "\n" + d.Message
	}
	for _, v := range planted {
		if strings.Contains(got, v) {
			t.Errorf("output holds the planted value %q", v)
		}
		if !strings.Contains(got, shellcmd.Fingerprint(v)) {
			t.Errorf("output lacks the fingerprint of a planted value (%s)", shellcmd.Fingerprint(v))
		}
	}
}

func TestClaims(t *testing.T) {
	tests := []struct {
		path, head string
		want       bool
	}{
		{".mcp.json", "", true},
		{"a/claude_desktop_config.json", "", true},
		{"a/.vscode/mcp.json", `{"servers": {}}`, true},
		{"a/.vscode/mcp.json", `{"$schema": "x"}`, false},
		{"a/.vscode/settings.json", `{"mcp": {"servers": {}}}`, true},
		{"a/.vscode/settings.json", `{"editor.tabSize": 2}`, false},
		{"a/.gemini/settings.json", `{"mcpServers": {"x": {}}}`, true},
		{"a/package.json", `{"name": "x"}`, false},
		{"a/mcp.yaml", `mcpServers: {}`, false},
		{"a/tool.json", `{"mcpServers": {"x": {}}}`, true},
	}
	for _, tt := range tests {
		if got := New(nil).Claims(tt.path, []byte(tt.head)); got != tt.want {
			t.Errorf("Claims(%q, %q) = %v, want %v", tt.path, tt.head, got, tt.want)
		}
	}
}
