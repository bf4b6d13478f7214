package main

import (
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const modulePath = "github.com/convene-dev/convene"

// attrSides type-checks the readers and returns, for every attribute key
// they read by a constant index into a graph.Node's or a graph.Edge's
// Attrs (a literal, a graph.Attr* constant or a local constant), the
// readers that read it on nodes and those that read it on edges.
func attrSides(t *testing.T) (onNodes, onEdges map[string][]string) {
	t.Helper()
	var pkgs []string
	for _, dir := range readers {
		if strings.HasSuffix(dir, ".go") {
			dir = filepath.Dir(dir)
		}
		pkgs = append(pkgs, "./"+dir)
	}
	// Imports are read from the compiler's export data, which go list
	// builds (or finds in the build cache).
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, pkgs...)...)
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	exports := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, f, ok := strings.Cut(line, "\t"); ok && f != "" {
			exports[p] = f
		}
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		return os.Open(exports[path])
	})
	onNodes, onEdges = map[string][]string{}, map[string][]string{}
	add := func(m map[string][]string, v, where string) {
		if !slices.Contains(m[v], where) {
			m[v] = append(m[v], where)
		}
	}
	for _, reader := range readers {
		dir, only := reader, ""
		if strings.HasSuffix(reader, ".go") {
			dir, only = filepath.Dir(reader), filepath.Base(reader)
		}
		names, _ := filepath.Glob(filepath.Join("..", "..", dir, "*.go"))
		var files []*ast.File
		for _, f := range names {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, af)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
		if _, err := (&types.Config{Importer: imp}).Check(modulePath+"/"+dir, fset, files, info); err != nil {
			t.Fatalf("type-checking %s: %v", dir, err)
		}
		for _, af := range files {
			if only != "" && filepath.Base(fset.Position(af.Pos()).Filename) != only {
				continue
			}
			ast.Inspect(af, func(n ast.Node) bool {
				ix, ok := n.(*ast.IndexExpr)
				if !ok {
					return true
				}
				sel, ok := ix.X.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Attrs" {
					return true
				}
				key := info.Types[ix.Index].Value
				if key == nil || key.Kind() != constant.String {
					return true
				}
				switch graphType(info.Types[sel.X].Type) {
				case "Node":
					add(onNodes, constant.StringVal(key), reader)
				case "Edge":
					add(onEdges, constant.StringVal(key), reader)
				}
				return true
			})
		}
	}
	return onNodes, onEdges
}

// graphType is "Node" or "Edge" when t is graph.Node or graph.Edge (or a
// pointer to one), else "".
func graphType(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != modulePath+"/graph" {
		return ""
	}
	if name := named.Obj().Name(); name == "Node" || name == "Edge" {
		return name
	}
	return ""
}

// TestVocabularySides is TestVocabularyEmitted told apart by side: an
// attribute a reader looks up on a node must be on some node of the
// scanned sample estate, and one looked up on an edge on some edge. A key
// written on the other side only (capabilities, which the Vault connector
// writes on grants edges, once read on vault-policy nodes) never matches.
// Keys the estate does not hold are left to TestVocabularyEmitted.
func TestVocabularySides(t *testing.T) {
	g := estateGraph(t)
	nodeHas, edgeHas := map[string]bool{}, map[string]bool{}
	for _, n := range g.Nodes() {
		for k := range n.Attrs {
			nodeHas[k] = true
		}
	}
	for _, e := range g.Edges() {
		for k := range e.Attrs {
			edgeHas[k] = true
		}
	}
	onNodes, onEdges := attrSides(t)
	if len(onNodes) == 0 || len(onEdges) == 0 {
		t.Fatalf("found %d node and %d edge attribute reads; the type check lost them", len(onNodes), len(onEdges))
	}
	check := func(side string, reads map[string][]string, here, there map[string]bool) {
		for k, who := range reads {
			if here[k] || !there[k] || unwritten[k] != "" {
				continue // present on this side, or not in the estate at all (TestVocabularyEmitted)
			}
			t.Errorf("attribute %q is read on %ss by %v, but the sample estate has it only on the other side", k, side, who)
		}
	}
	check("node", onNodes, nodeHas, edgeHas)
	check("edge", onEdges, edgeHas, nodeHas)
}
