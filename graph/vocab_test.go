package graph_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// term is one vocabulary constant as vocab_*.go declares it.
type term struct {
	name, value, meaning string
}

// vocabulary reads the NodeType and AttrKey constants, with their doc
// comments, from the vocab_*.go files: the source is the one list, and the
// doc tables are generated from it.
func vocabulary(t *testing.T) (types, attrs []term) {
	t.Helper()
	files, err := filepath.Glob("vocab_*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no vocab_*.go files: %v", err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				id, ok := vs.Type.(*ast.Ident)
				if !ok || (id.Name != "NodeType" && id.Name != "AttrKey") {
					continue
				}
				v, err := strconv.Unquote(vs.Values[0].(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				doc := strings.TrimSpace(vs.Doc.Text())
				name := vs.Names[0].Name
				meaning, ok := strings.CutPrefix(doc, name+" ")
				if !ok {
					t.Errorf("%s: doc comment must start with the constant's name", name)
				}
				meaning = strings.TrimPrefix(strings.Join(strings.Fields(meaning), " "), "is ")
				if id.Name == "NodeType" {
					types = append(types, term{name, v, meaning})
				} else {
					attrs = append(attrs, term{name, v, meaning})
				}
			}
		}
	}
	return types, attrs
}

// TestVocabularyUnique checks that no string is spelled by two constants.
func TestVocabularyUnique(t *testing.T) {
	types, attrs := vocabulary(t)
	for _, list := range [][]term{types, attrs} {
		seen := map[string]string{}
		for _, x := range list {
			if prev, ok := seen[x.value]; ok {
				t.Errorf("%q is spelled by both %s and %s", x.value, prev, x.name)
			}
			seen[x.value] = x.name
		}
	}
}

const (
	vocabBegin = "<!-- vocabulary: generated from graph/vocab_*.go by go test ./graph -update; do not edit -->\n"
	vocabEnd   = "<!-- end of vocabulary -->\n"
)

// TestVocabularyDocs checks that docs/graph-format.md lists every node type
// and attribute key with the meaning its constant's comment gives;
// go test ./graph -update regenerates the tables.
func TestVocabularyDocs(t *testing.T) {
	types, attrs := vocabulary(t)
	var b strings.Builder
	b.WriteString(vocabBegin)
	b.WriteString("\n| type | constant | meaning |\n|---|---|---|\n")
	for _, x := range types {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", x.value, x.name, x.meaning)
	}
	b.WriteString("\nAttribute keys that more than one package reads (a key ending in `.` is a prefix):\n\n")
	b.WriteString("| key | constant | meaning |\n|---|---|---|\n")
	for _, x := range attrs {
		fmt.Fprintf(&b, "| `%s` | `%s` | %s |\n", x.value, x.name, x.meaning)
	}
	b.WriteString("\n" + vocabEnd)

	const path = "../docs/graph-format.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, vocabBegin), strings.Index(doc, vocabEnd)
	if i < 0 || j < i {
		t.Fatalf("%s: no vocabulary section (%q … %q)", path, vocabBegin, vocabEnd)
	}
	goldenfile.Check(t, path, doc[:i]+b.String()+doc[j+len(vocabEnd):])
}

// TestListAttrsDocumented checks that the list-valued keys and the docs
// agree: each key graph.IsList marks says "a JSON array" in its comment
// (and so in docs/graph-format.md's table), and each key whose comment
// starts "lists …, a JSON array" is marked.
func TestListAttrsDocumented(t *testing.T) {
	_, attrs := vocabulary(t)
	known := map[string]bool{}
	for _, x := range attrs {
		known[x.value] = true
		says := strings.Contains(x.meaning, "a JSON array")
		if graph.IsList(x.value) && !says {
			t.Errorf("%s (%q) is a list-valued key, but its comment does not say \"a JSON array\": %s", x.name, x.value, x.meaning)
		}
		if !graph.IsList(x.value) && says && strings.HasPrefix(x.meaning, "lists ") {
			t.Errorf("%s (%q) lists values as a JSON array, but graph.IsList does not mark it", x.name, x.value)
		}
	}
	for _, k := range graph.ListAttrs() {
		if !known[k] {
			t.Errorf("graph.ListAttrs holds %q, which is no AttrKey constant", k)
		}
	}
}
