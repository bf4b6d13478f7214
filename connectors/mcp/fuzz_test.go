package mcp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/connectors/internal/mcpconf"
	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/graph"
)

// FuzzParse feeds arbitrary bytes through the parser and the emitter: no
// panic, and a value written under a credential name never reaches the
// graph.
func FuzzParse(f *testing.F) {
	for _, dir := range []string{corpusRoot, "testdata/repos/github.com/acme/tools", "testdata/repos/github.com/acme/tools/.vscode"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".json") {
				if data, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
					f.Add(data)
				}
			}
		}
	}
	f.Add([]byte(`{"servers": {"a": {"url": "postgres://u:p@h/db", "headers": {"Authorization": "Bearer ${input:x}"}}}, "inputs": [{"id": "x", "password": true}]}`))
	f.Add([]byte(`{"a": {"command": "docker", "args": ["run", "-e"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := mcpconf.Parse(data)
		if err != nil {
			return
		}
		b := graph.NewBuilder()
		pl := place{LocID: "github.com/acme/fuzz", LocName: "acme/fuzz", LocType: "git-repo", Rel: ".mcp.json", Scope: "repository"}
		e := &emitter{b: b, pl: pl, file: "fuzz/.mcp.json", cfg: cfg}
		e.emit()
		out := b.Build().String()
		for _, s := range cfg.Servers {
			for _, p := range s.Env {
				if secretlit.Name(p.Key) && secretValue(p.Val) && !hasRef(p.Val) && len(p.Val) > 12 && strings.Contains(out, p.Val) {
					if _, isURL := parseURL(p.Val); !isURL {
						t.Fatalf("env value of %s reached the graph", p.Key)
					}
				}
			}
		}
	})
}
