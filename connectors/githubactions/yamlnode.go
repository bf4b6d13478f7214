package githubactions

import (
	"go.yaml.in/yaml/v3"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
)

// The walker is the connectors' one YAML reader (connectors/internal/yamlnode):
// aliases and merge keys resolved, a node budget against alias bombs.
type (
	walker = yamlnode.Walker
	pair   = yamlnode.Pair
)

// maxNodes bounds the YAML nodes one file may make the reader visit.
const maxNodes = yamlnode.MaxNodes

func newWalker() *walker { return yamlnode.NewWalker(maxNodes) }

// str returns a scalar's text, or "" for anything else.
func str(n *yaml.Node) string { return yamlnode.Str(n) }

// strs reads a string or a list of strings.
func strs(w *walker, n *yaml.Node) []scalar {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if s := str(n); s != "" {
			return []scalar{{val: s, line: n.Line}}
		}
		return nil
	}
	var out []scalar
	for _, it := range w.Items(n) {
		if s := str(it); s != "" {
			out = append(out, scalar{val: s, line: it.Line})
		}
	}
	return out
}

// scalar is a string read from a file, with its line.
type scalar struct {
	val  string
	line int
	// file is set when the value was passed in from another file (a
	// composite action's input), so evidence cites where it was written.
	file string
}

func lineOf(n *yaml.Node) int { return yamlnode.Line(n, 1) }
