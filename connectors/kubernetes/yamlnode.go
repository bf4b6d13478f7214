package kubernetes

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
)

// A manifest is read through the connectors' one YAML walker
// (connectors/internal/yamlnode): aliases and merge keys (<<: *defaults)
// resolved as kubectl's YAML library resolves them, under a node budget
// for each document, so that an alias bomb stops early. The helpers below
// read leniently: a field of the wrong shape reads as absent, because a
// manifest the API server would reject is not ours to validate, and the
// rest of it still says something true.

// reader reads one document: every Object of the document (the items of a
// List too) shares it, and with it the document's budget.
type reader struct {
	walk *yamlnode.Walker
	// warned is set once the budget warning is given for the document.
	warned bool
}

func newReader() *reader { return &reader{walk: yamlnode.NewWalker(yamlnode.MaxNodes)} }

// overBudget reports, once, that the document ran out of budget.
func (rd *reader) overBudget() bool {
	if !rd.walk.Exceeded() || rd.warned {
		return false
	}
	rd.warned = true
	return true
}

// deref follows aliases; past the budget every node reads as nil.
func (rd *reader) deref(n *yaml.Node) *yaml.Node { return rd.walk.Deref(n) }

// get returns the value of key in mapping m (a merged key too), or nil.
func (rd *reader) get(m *yaml.Node, key string) *yaml.Node { return rd.walk.Get(m, key) }

// path follows keys down nested mappings.
func (rd *reader) path(m *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		if m = rd.walk.Get(m, k); m == nil {
			return nil
		}
	}
	return m
}

// items returns a sequence's elements, aliases followed; anything else
// reads as no items.
func (rd *reader) items(n *yaml.Node) []*yaml.Node { return rd.walk.Items(n) }

// fields returns a mapping's keys with their values, merge keys expanded:
// a key the mapping sets itself wins, then the first merged mapping to set
// it.
func (rd *reader) fields(m *yaml.Node) []yamlnode.Pair { return rd.walk.Pairs(m) }

// kv is one scalar entry of a mapping, with its line.
type kv struct {
	key, val string
	line     int
}

// pairs returns the scalar entries of a mapping (labels, annotations), in
// file order, merged ones after; non-scalar values are skipped.
func (rd *reader) pairs(m *yaml.Node) []kv {
	ps := rd.walk.Pairs(m)
	out := make([]kv, 0, len(ps))
	for _, p := range ps {
		if p.K.Kind != yaml.ScalarNode || p.V == nil || p.V.Kind != yaml.ScalarNode {
			continue
		}
		out = append(out, kv{p.Key, p.V.Value, p.K.Line})
	}
	return out
}

// str returns the text of a scalar (a node the reader returned: aliases
// followed), trimmed; anything else reads as "".
func str(n *yaml.Node) string { return strings.TrimSpace(yamlnode.Str(n)) }

// isTrue reads a YAML or annotation boolean ("true", "True", "yes").
func isTrue(s string) bool {
	switch strings.ToLower(s) {
	case "true", "yes", "on", "1":
		return true
	}
	return false
}

// templated reports text a renderer had still to fill in: Helm/Go
// templates, shell or envsubst variables, Jinja.
func templated(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "${") || strings.Contains(s, "{%")
}
