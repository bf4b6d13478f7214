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
		e, p := entity(root)
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

func entity(root *yaml.Node) (*Entity, *Problem) {
	if root.Kind != yaml.MappingNode {
		return nil, nil
	}
	av := scalar(get(root, "apiVersion"))
	if !strings.HasPrefix(av, "backstage.io/") {
		return nil, nil
	}
	e := &Entity{Kind: strings.ToLower(scalar(get(root, "kind"))), Line: root.Line}
	meta := get(root, "metadata")
	e.Name = scalar(get(meta, "name"))
	e.Namespace = strings.ToLower(scalar(get(meta, "namespace")))
	if e.Namespace == "" {
		e.Namespace = "default"
	}
	e.Title = scalar(get(meta, "title"))
	e.Ann = stringMap(get(meta, "annotations"))
	e.Labels = stringMap(get(meta, "labels"))
	e.Spec = get(root, "spec")
	collectPlaceholders(root, &e.Unresolved)
	switch {
	case e.Kind == "":
		return nil, &Problem{Line: root.Line, Err: true, Msg: "entity has no kind; add \"kind: Component\" (or Group, User, System, ...); entity skipped"}
	case e.Name == "":
		return nil, &Problem{Line: root.Line, Err: true, Msg: fmt.Sprintf("%s has no metadata.name; entity skipped: give it a name", e.Kind)}
	case strings.Contains(e.Name, "${{"):
		return nil, &Problem{Line: lineOf(get(meta, "name")), Msg: fmt.Sprintf("%s name %q is a scaffolder placeholder, filled in only when the template runs; entity skipped", e.Kind, e.Name)}
	}
	e.Name = strings.ToLower(e.Name)
	return e, nil
}

// get returns the value of key in a mapping node, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func lineOf(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	return n.Line
}

// strs reads one string or a list of strings, with their lines.
func strs(n *yaml.Node) (vals []string, lines []int) {
	if n == nil {
		return nil, nil
	}
	if n.Kind == yaml.ScalarNode {
		if v := scalar(n); v != "" {
			return []string{v}, []int{n.Line}
		}
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, nil
	}
	for _, c := range n.Content {
		if v := scalar(c); v != "" {
			vals, lines = append(vals, v), append(lines, c.Line)
		}
	}
	return vals, lines
}

func stringMap(n *yaml.Node) map[string]string {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	m := make(map[string]string, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		if v := scalar(n.Content[i+1]); v != "" {
			m[n.Content[i].Value] = v
		}
	}
	return m
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
