package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// readers are the packages whose rules read the graph's vocabulary, and
// the graph's own predicates (ScheduledConsumer, InPlaceStore,
// TrustPrincipal), whose switches are the planner's rule table.
var readers = []string{"internal/planner", "internal/findings", "internal/owners", "internal/link", "graph/vocab_attrs.go"}

// notInEstate lists the node types and attribute keys a reader depends on
// that the sample estate does not hold, with the connector that emits them;
// the test checks that the connector's source does name them.
var notInEstate = map[string]string{
	graph.TypeAWSAnyone:              "connectors/aws",
	graph.TypeAWSSAMLProvider:        "connectors/aws",
	graph.TypeAWSWebIdentityProvider: "connectors/aws",
	graph.TypeAWSSSMParameter:        "connectors/aws",
	graph.TypeUnresolvedAWSAccessKey: "internal/link", // made by the static-key-copies rule
	graph.TypeVaultAuthUser:          "connectors/vaultaudit",
	graph.TypeObservedUse:            "connectors/internal/observe", // carriers, dropped from the finished graph
	"agent_guard":                    "connectors/githubactions",
	"aws_profile":                    "connectors/mcp",
	graph.AttrBoundSubject:           "connectors/vault",
	"never_used":                     "connectors/aws",
	"schedules":                      "connectors/jenkins",
	graph.AttrRefresh:                "connectors/kubernetes",
	"host":                           "internal/link", // observed-client's host, set by the observed rule
	"ci-environment":                 "connectors/github",
	"unresolved":                     "connectors/cron",
	"is_ca":                          "connectors/kubernetes",
	"keystores":                      "connectors/kubernetes",
	"reload":                         "connectors/kubernetes",
	"allow_subdomains":               "connectors/vault",
	"allowed_domains":                "connectors/vault",
	"allow_any_name":                 "connectors/vault",
	"allow_glob_domains":             "connectors/vault",
	"role":                           "connectors/gitlabci",
	"rotation":                       "connectors/aws",
}

// unwritten lists what a reader honours although no connector writes it
// yet, and why the read stays.
var unwritten = map[string]string{
	"privilege": "AdminPolicy honours privilege=admin from any source, including a merged graph file",
}

// vocabValues maps each NodeType and AttrKey constant of graph/vocab_*.go
// to its string, and reports which strings are node types.
func vocabValues(t *testing.T) (byName map[string]string, isType map[string]bool) {
	t.Helper()
	byName, isType = map[string]string{}, map[string]bool{}
	files, _ := filepath.Glob("../../graph/vocab_*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil || len(vs.Values) != 1 {
				return true
			}
			lit, ok := vs.Values[0].(*ast.BasicLit)
			if !ok {
				return true
			}
			v, _ := strconv.Unquote(lit.Value)
			byName[vs.Names[0].Name] = v
			isType[v] = isType[v] || vs.Type.(*ast.Ident).Name == "NodeType"
			return true
		})
	}
	return byName, isType
}

// dependencies collects what the readers depend on: every graph.Type* and
// graph.Attr* constant they name, every string literal that spells a node
// type, and every literal index into an Attrs map.
func dependencies(t *testing.T) (types, attrs map[string][]string) {
	t.Helper()
	byName, isType := vocabValues(t)
	types, attrs = map[string][]string{}, map[string][]string{}
	add := func(m map[string][]string, v, where string) {
		if !slices.Contains(m[v], where) {
			m[v] = append(m[v], where)
		}
	}
	for _, dir := range readers {
		files, _ := filepath.Glob(filepath.Join("../..", dir, "*.go"))
		if strings.HasSuffix(dir, ".go") {
			files = []string{filepath.Join("../..", dir)}
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(af, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.SelectorExpr:
					if x, ok := n.X.(*ast.Ident); ok && x.Name == "graph" {
						if v, ok := byName[n.Sel.Name]; ok && !strings.HasSuffix(v, ".") {
							if isType[v] {
								add(types, v, dir)
							} else {
								add(attrs, v, dir)
							}
						}
					}
				case *ast.BasicLit:
					if v, err := strconv.Unquote(n.Value); err == nil && isType[v] {
						add(types, v, dir)
					}
				case *ast.SwitchStmt:
					// A switch on a node type is a rule table: every case
					// value is a type the rule depends on.
					if typeSwitch(n.Tag) {
						for _, c := range n.Body.List {
							for _, x := range c.(*ast.CaseClause).List {
								switch x := x.(type) {
								case *ast.BasicLit:
									v, _ := strconv.Unquote(x.Value)
									add(types, v, dir)
								case *ast.Ident: // inside package graph
									if v, ok := byName[x.Name]; ok {
										add(types, v, dir)
									}
								}
							}
						}
					}
				case *ast.BinaryExpr:
					// t.Type == "…" (a comparison, not a concatenation;
					// comparing with "" asks whether there is a type)
					if n.Op != token.EQL && n.Op != token.NEQ {
						return true
					}
					for _, p := range [][2]ast.Expr{{n.X, n.Y}, {n.Y, n.X}} {
						if lit, ok := p[1].(*ast.BasicLit); ok && typeSwitch(p[0]) && lit.Kind == token.STRING {
							if v, _ := strconv.Unquote(lit.Value); v != "" {
								add(types, v, dir)
							}
						}
					}
				case *ast.IndexExpr:
					if sel, ok := n.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Attrs" {
						if lit, ok := n.Index.(*ast.BasicLit); ok {
							if v, err := strconv.Unquote(lit.Value); err == nil {
								add(attrs, v, dir)
							}
						}
					}
				}
				return true
			})
		}
	}
	return types, attrs
}

// typeSwitch reports whether x reads a node type: n.Type, or a variable
// named typ.
func typeSwitch(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.SelectorExpr:
		return x.Sel.Name == "Type"
	case *ast.Ident:
		return x.Name == "typ"
	}
	return false
}

// TestVocabularyEmitted ties the two sides of the vocabulary together: every
// node type and attribute key the planner, findings, owners and link rules
// read is written by a connector scanning the sample estate (the estate
// golden), or else by a connector named in notInEstate. A rule that reads a
// type or key nobody writes never fires; this test says which.
func TestVocabularyEmitted(t *testing.T) {
	g := estateGraph(t)
	haveType, haveAttr := map[string]bool{}, map[string]bool{}
	for _, n := range g.Nodes() {
		haveType[n.Type] = true
		for k := range n.Attrs {
			haveAttr[k] = true
		}
	}
	for _, e := range g.Edges() {
		for k := range e.Attrs {
			haveAttr[k] = true
		}
	}
	types, attrs := dependencies(t)
	check := func(what string, need map[string][]string, have map[string]bool) {
		for v, who := range need {
			if have[v] || unwritten[v] != "" || strings.HasPrefix(v, graph.AttrTagPrefix) || strings.HasPrefix(v, graph.AttrAnnotationPrefix) {
				continue // tags and annotations are named by the source
			}
			src, ok := notInEstate[v]
			if !ok {
				t.Errorf("%s %q is read by %v but no connector writes it in the sample estate", what, v, who)
				continue
			}
			if !sourceMentions(t, "../../"+src, v) {
				t.Errorf("%s %q: notInEstate says %s writes it, but its source does not name it", what, v, src)
			}
		}
	}
	check("node type", types, haveType)
	check("attribute", attrs, haveAttr)
}

// sourceMentions reports whether a non-test Go file under dir spells v, as a
// literal or through its graph constant.
func sourceMentions(t *testing.T, dir, v string) bool {
	t.Helper()
	byName, _ := vocabValues(t)
	needles := []string{strconv.Quote(v)}
	for name, val := range byName {
		if val == v {
			needles = append(needles, "graph."+name)
		}
	}
	found := false
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || found || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, n := range needles {
			if strings.Contains(string(b), n) {
				found = true
			}
		}
		return nil
	})
	return found
}

// estateGraph is the sample estate as the CLI scans it (the estate golden).
func estateGraph(t *testing.T) *graph.Graph {
	t.Helper()
	data, err := os.ReadFile("testdata/estate.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	g, err := graph.DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
