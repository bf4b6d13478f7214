package backstage

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// Entity is one catalog entity as read, with the lines to cite.
type Entity struct {
	Kind      string // lower-case
	Namespace string
	Name      string
	Title     string
	Line      int
	Ann       map[string]string
	Labels    map[string]string
	Spec      *yaml.Node
	// Unresolved holds the scaffolder placeholders (${{ values.x }}) met
	// anywhere in the entity, as written.
	Unresolved []string
	// walk reads the entity's document (connectors/internal/yamlnode):
	// aliases and merge keys resolved under the document's node budget;
	// warned is set once the budget warning is given.
	walk   *yamlnode.Walker
	warned bool
}

// Ref returns the entity's own reference.
func (e *Entity) Ref() Ref { return Ref{Kind: e.Kind, Namespace: e.Namespace, Name: e.Name} }

// Problem is something wrong in a catalog file, at a line.
type Problem struct {
	Line int
	Msg  string
	Err  bool // the entity or the rest of the file was skipped
}

var (
	apiVersion = regexp.MustCompile(`(?m)^apiVersion:\s*["']?backstage\.io/`)
)

// maxDocs bounds the entities read from one file.
const maxDocs = 10_000

// Parse reads every document of a catalog file. Documents that are not
// Backstage entities (another apiVersion, a scaffolder Template's
// skeleton) are left out quietly; entities it cannot use are problems.
func Parse(data []byte) ([]*Entity, []Problem) {
	docs, _, se := yamlnode.Documents(data, maxDocs)
	var out []*Entity
	var probs []Problem
	for _, doc := range docs {
		root := yamlnode.Root(doc)
		if root == nil {
			continue
		}
		w := yamlnode.NewWalker(yamlnode.MaxNodes)
		e, p := entity(w, root)
		if w.Exceeded() {
			p = &Problem{Line: root.Line, Msg: budgetMsg("this document")}
			if e != nil {
				e.warned = true
			}
		}
		if p != nil {
			probs = append(probs, *p)
		}
		if e != nil {
			out = append(out, e)
		}
	}
	if se != nil {
		probs = append(probs, Problem{Line: se.Line, Err: true, Msg: "invalid YAML: " + se.Msg + "; the rest of the file is skipped: fix the syntax"})
	}
	return out, probs
}

// budgetMsg says that what (a document, an entity) expands past the
// walker's node budget.
func budgetMsg(what string) string {
	return fmt.Sprintf("%s expands to more than %d YAML nodes through aliases; the rest of it is not read: remove the aliases or exclude the file", what, yamlnode.MaxNodes)
}

func entity(w *yamlnode.Walker, root *yaml.Node) (*Entity, *Problem) {
	if root.Kind != yaml.MappingNode {
		return nil, nil
	}
	e := &Entity{Line: root.Line, walk: w}
	if av := scalar(e.get(root, "apiVersion")); !strings.HasPrefix(av, "backstage.io/") {
		return nil, nil
	}
	e.Kind = strings.ToLower(scalar(e.get(root, "kind")))
	meta := e.get(root, "metadata")
	e.Name = scalar(e.get(meta, "name"))
	e.Namespace = strings.ToLower(scalar(e.get(meta, "namespace")))
	if e.Namespace == "" {
		e.Namespace = "default"
	}
	e.Title = scalar(e.get(meta, "title"))
	e.Ann = e.stringMap(e.get(meta, "annotations"))
	e.Labels = e.stringMap(e.get(meta, "labels"))
	e.Spec = e.get(root, "spec")
	collectPlaceholders(root, &e.Unresolved)
	switch {
	case e.Kind == "":
		return nil, &Problem{Line: root.Line, Err: true, Msg: "entity has no kind; add \"kind: Component\" (or Group, User, System, ...); entity skipped"}
	case e.Name == "":
		return nil, &Problem{Line: root.Line, Err: true, Msg: fmt.Sprintf("%s has no metadata.name; entity skipped: give it a name", e.Kind)}
	case strings.Contains(e.Name, "${{"):
		return nil, &Problem{Line: yamlnode.Line(e.raw(meta, "name"), 0), Msg: fmt.Sprintf("%s name %q is a scaffolder placeholder, filled in only when the template runs; entity skipped", e.Kind, e.Name)}
	}
	e.Name = strings.ToLower(e.Name)
	return e, nil
}

// get returns the value of key in mapping n (a merged key too), aliases
// followed, or nil.
func (e *Entity) get(n *yaml.Node, key string) *yaml.Node { return e.walk.Get(n, key) }

// raw returns the value of key in mapping n as written: an alias where the
// file uses one, whose line is where the value is used. It is for lines,
// and for strs.
func (e *Entity) raw(n *yaml.Node, key string) *yaml.Node {
	p, _ := e.walk.Field(n, key)
	return p.Raw
}

// scalar returns the text of a scalar get returned, trimmed; "" for a null
// or anything else.
func scalar(n *yaml.Node) string { return strings.TrimSpace(yamlnode.Str(n)) }

// strs reads one string or a list of strings (n as written, from raw): the
// non-empty ones, each with the line it is written on.
func (e *Entity) strs(n *yaml.Node) (vals []string, lines []int) {
	list, _, _ := e.walk.StrList(n)
	for _, s := range list {
		if s.Value != "" {
			vals, lines = append(vals, s.Value), append(lines, s.Line)
		}
	}
	return vals, lines
}

// stringMap reads a mapping's non-empty string values by key, merge keys
// expanded.
func (e *Entity) stringMap(n *yaml.Node) map[string]string {
	ps := e.walk.Pairs(n)
	if ps == nil {
		return nil
	}
	m := make(map[string]string, len(ps))
	for _, p := range ps {
		if v := scalar(p.V); v != "" {
			m[p.Key] = v
		}
	}
	return m
}

// overBudget reports, once, that reading the entity ran out of its
// document's node budget.
func (e *Entity) overBudget() bool {
	if !e.walk.Exceeded() || e.warned {
		return false
	}
	e.warned = true
	return true
}

// collectPlaceholders records scalars holding "${{", depth-first, at most
// a few: one is enough to say the file is a template.
func collectPlaceholders(n *yaml.Node, out *[]string) {
	if n == nil || len(*out) >= 8 {
		return
	}
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${{") {
		*out = append(*out, n.Value)
		return
	}
	if n.Kind == yaml.AliasNode {
		return // an alias repeats what was already visited
	}
	for _, c := range n.Content {
		collectPlaceholders(c, out)
	}
}
