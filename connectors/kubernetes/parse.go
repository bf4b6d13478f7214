package kubernetes

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"github.com/convene-dev/convene/graph"
)

// Object is one Kubernetes object read from a manifest: a document of its
// own, or an item of a List.
type Object struct {
	// File is the manifest's path as the scan named it; Line the line of
	// the object's first key.
	File string
	Line int
	// APIVersion, Kind, Name and Namespace are as written; Namespace is
	// "default" when the manifest gives none, with NamespaceDefaulted set.
	APIVersion, Kind, Name, Namespace string
	NamespaceDefaulted                bool
	// Root is the object's mapping node.
	Root *yaml.Node
	// Cluster, when set, is the cluster the object was read from (a live
	// read); else the cluster is named from File.
	Cluster string
	// MetadataOnly marks an object read through the metadata-only API: a
	// Secret's type is then unknown rather than Opaque.
	MetadataOnly bool
	// controller is the kind of a live object's controlling owner.
	controller string
	// reader reads Root: the document's aliases, merge keys and budget.
	*reader
}

// maxDocs bounds the documents one file may hold, so that a file of empty
// documents ("---" repeated) cannot make a scan spin.
const maxDocs = 100_000

// Parse reads every object of a manifest file: multi-document YAML, JSON,
// and the items of List kinds. A document that is not an object (no kind)
// is skipped. What cannot be read becomes a diagnostic and the objects read
// before it are kept; a file that is an unrendered template (Helm, Jinja)
// is one warning rather than a syntax error, since rendering it is what the
// user must do.
func Parse(file string, data []byte) ([]Object, []graph.Diagnostic) {
	var objs []Object
	var diags []graph.Diagnostic
	docs, more, se := yamlnode.Documents(data, maxDocs)
	for _, doc := range docs {
		root := yamlnode.Root(doc)
		if root == nil {
			continue
		}
		r, n := newReader(), len(objs)
		if objs = collect(r, file, root, objs, 0); len(objs) == n && r.overBudget() {
			diags = append(diags, budgetDiag(file, yamlnode.Line(root, 1), "this document"))
		}
	}
	switch {
	case se != nil:
		diags = append(diags, syntaxDiag(file, data, se))
	case more:
		diags = append(diags, graph.Diagnostic{Connector: Name, File: file, Line: 1, Severity: graph.Warning,
			Message: fmt.Sprintf("more than %d YAML documents; the rest were skipped: split the file", maxDocs)})
	}
	return objs, diags
}

// collect appends the object at n, or a List's items.
func collect(r *reader, file string, n *yaml.Node, objs []Object, depth int) []Object {
	n = r.deref(n)
	if n == nil || n.Kind != yaml.MappingNode || depth > 4 {
		return objs
	}
	kind := str(r.get(n, "kind"))
	if kind == "" {
		return objs
	}
	if strings.HasSuffix(kind, "List") {
		if its := r.get(n, "items"); its != nil {
			for _, it := range r.items(its) {
				objs = collect(r, file, it, objs, depth+1)
			}
			return objs
		}
	}
	o := Object{File: file, Line: yamlnode.Line(n, 1), APIVersion: str(r.get(n, "apiVersion")), Kind: kind, Root: n, reader: r}
	md := o.get(n, "metadata")
	o.Name = str(o.get(md, "name"))
	if o.Name == "" {
		o.Name = str(o.get(md, "generateName"))
	}
	o.Namespace = str(o.get(md, "namespace"))
	if o.Namespace == "" {
		o.Namespace, o.NamespaceDefaulted = "default", true
	}
	return append(objs, o)
}

// budgetDiag warns that what (a document, an object) expands to more YAML
// nodes through aliases than the reader's budget.
func budgetDiag(file string, line int, what string) graph.Diagnostic {
	return graph.Diagnostic{Connector: Name, File: file, Line: line, Severity: graph.Warning,
		Message: fmt.Sprintf("%s expands to more than %d YAML nodes through aliases; the rest of it is not read: remove the aliases or exclude the file", what, yamlnode.MaxNodes)}
}

// syntaxDiag turns a decode error into a diagnostic with its line.
func syntaxDiag(file string, data []byte, se *yamlnode.SyntaxError) graph.Diagnostic {
	d := graph.Diagnostic{Connector: Name, File: file, Severity: graph.Error}
	d.Line = se.Line
	msg := se.Msg
	if line, ok := templateLine(data); ok {
		d.Severity, d.Line = graph.Warning, line
		d.Message = "unrendered template: render with helm template first (or kustomize build, or your templating tool) and scan the output; objects after this point were skipped"
		return d
	}
	d.Message = fmt.Sprintf("invalid YAML: %s; fix the manifest or exclude it from the scan (objects after this point were skipped)", msg)
	return d
}

// templateLine finds the first line holding template syntax outside a
// comment, if any.
func templateLine(data []byte) (int, bool) {
	for i, line := range bytes.Split(data, []byte("\n")) {
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		if bytes.Contains(t, []byte("{{")) || bytes.Contains(t, []byte("{%")) {
			return i + 1, true
		}
	}
	return 0, false
}
