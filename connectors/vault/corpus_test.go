package vault

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// corpusDir is the shared corpus of real Vault policies, beside the
// repository.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "vault-policies-hcl")

func corpusFiles(t testing.TB) []string {
	var files []string
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".hcl") || strings.HasSuffix(p, ".acl") || strings.HasSuffix(p, ".json")) {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Skipf("policy corpus not found at %s (it sits beside the repository as shared/corpus): %v", corpusDir, err)
	}
	slices.Sort(files)
	return files
}

// TestCorpusPolicies parses every real policy of the corpus; they all load
// into Vault, so each must parse, and the rules are compared with a golden
// file.
func TestCorpusPolicies(t *testing.T) {
	var sb strings.Builder
	for _, f := range corpusFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		p, err := ParsePolicy(name, string(data))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		fmt.Fprintf(&sb, "# %s\n", name)
		for _, r := range p.Rules {
			fmt.Fprintf(&sb, "%d %q prefix=%v segment=%v %s\n", r.Line, r.Path, r.Prefix, r.Segment, strings.Join(r.Caps, ","))
		}
		for _, tp := range p.Templated {
			fmt.Fprintf(&sb, "templated %q\n", tp)
		}
	}
	golden(t, filepath.Join("testdata", "corpus-policies.golden"), []byte(sb.String()))
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	goldenfile.Check(t, path, string(got))
}

// FuzzPolicy feeds policy text to the parser and the matcher: neither may
// panic, and a parsed policy's answers must be a sorted set.
func FuzzPolicy(f *testing.F) {
	for _, p := range []string{"convene-reader.hcl"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(string(data), "secret/data/a")
		}
	}
	if files, err := filepath.Glob(filepath.Join(corpusDir, "*", "*")); err == nil {
		for _, p := range files {
			if data, err := os.ReadFile(p); err == nil {
				f.Add(string(data), "secret/data/app/config")
			}
		}
	}
	f.Add(`path "foo/+/ba*" { capabilities = ["read"] } path "foo/+/bar" { policy = "write" }`, "foo/x/bar")
	f.Add(`{"path": {"a/*": {"capabilities": ["deny"]}}}`, "a/b")
	f.Fuzz(func(t *testing.T, text, path string) {
		p, err := ParsePolicy("fuzz", text)
		if err != nil {
			return
		}
		caps := p.Capabilities(path)
		if !slices.IsSorted(caps) {
			t.Errorf("capabilities %v not sorted", caps)
		}
		if slices.Contains(caps, "deny") && len(caps) != 1 {
			t.Errorf("deny with others: %v", caps)
		}
		if _, err := json.Marshal(p); err != nil {
			t.Error(err)
		}
	})
}

// FuzzInventory feeds recordings to the decoder and the whole scan: no
// input may panic or make the scan fail other than on the mount table.
func FuzzInventory(f *testing.F) {
	f.Add([]byte(fakeInventory))
	if data, err := os.ReadFile(estateInventory); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"convene_vault_inventory": 1, "responses": {"READ sys/mounts": {"data": {"a/": {"type": "kv"}}}, "LIST a/": {"keys": ["/", "x/", ""]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, err := DecodeInventory(data)
		if err != nil {
			return
		}
		b := graph.NewBuilder()
		_ = Scan(context.Background(), NewReplay(inv), b, Options{Source: "fuzz.json", Recorded: true, Workers: 2})
		b.Build()
	})
}
