package codeowners

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// The attributes the connector writes.
const (
	// AttrRules, on a repository node, holds its CODEOWNERS rules as a JSON
	// list of RuleAttr, in file order. internal/link applies them.
	AttrRules = "codeowners_rules"
	// AttrFile, on a repository node, is the CODEOWNERS file in use,
	// relative to the repository's root.
	AttrFile = "codeowners_file"
	// AttrDialect, on a repository node, is "github" or "gitlab".
	AttrDialect = "codeowners_dialect"
	// AttrHandle, on an owner node, is the owner as CODEOWNERS wrote it
	// ("@northwind/payments"), which owners-file aliases map to a team.
	AttrHandle = "handle"
)

// RuleAttr is one entry of AttrRules. internal/link reads the same JSON;
// the two must change together.
type RuleAttr struct {
	Pattern string `json:"pattern"`
	// Owners are owner node IDs; none means the rule clears ownership.
	Owners  []string `json:"owners,omitempty"`
	Section string   `json:"section,omitempty"`
	File    string   `json:"file"`
	Line    int      `json:"line"`
}

// catchAll are the patterns that cover a whole repository: their owners
// own the repository itself.
var catchAll = []string{"*", "**", "/**", "/*"}

// Emit writes the repository node with its rules, an owner node per owner
// and owned_by edges from the repository to the owners of its last
// catch-all rule in each section, and the file's problems as diagnostics.
func Emit(f *File, repoID string, b *graph.Builder) {
	for _, p := range f.Problems {
		b.Diagnose(graph.Diagnostic{Connector: Name, File: f.Path, Line: p.Line, Severity: graph.Warning, Message: p.Msg})
	}
	inRepo := f.InRepo
	if inRepo == "" {
		inRepo = f.Path
	}
	rules := make([]RuleAttr, 0, len(f.Rules))
	owners := map[string]int{} // raw owner -> first line
	for _, r := range f.Rules {
		a := RuleAttr{Pattern: r.Pattern, Section: r.Section, File: inRepo, Line: r.Line}
		for _, o := range r.Owners {
			id, _ := OwnerID(o, f.Dialect)
			if !slices.Contains(a.Owners, id) {
				a.Owners = append(a.Owners, id)
			}
			if _, ok := owners[o]; !ok {
				owners[o] = r.Line
			}
		}
		rules = append(rules, a)
	}
	for _, s := range f.Sections {
		for _, o := range s.Owners {
			if _, ok := owners[o]; !ok {
				owners[o] = s.Line
			}
		}
	}
	b.AddNode(graph.Node{ID: repoID, Kind: graph.Location, Type: graph.TypeGitRepo,
		Attrs:    map[string]string{AttrRules: toJSON(rules), AttrFile: inRepo, AttrDialect: string(f.Dialect)},
		Evidence: evidence(f.Path, 1)})
	for _, raw := range slices.Sorted(maps.Keys(owners)) {
		id, typ := OwnerID(raw, f.Dialect)
		n := graph.Node{ID: id, Kind: graph.Owner, Type: typ, Evidence: evidence(f.Path, owners[raw])}
		// An e-mail owner is the owners file's person of that address:
		// report the node but leave its name and handle to that file.
		if strings.HasPrefix(raw, "@") {
			n.Name, n.Attrs = raw, map[string]string{AttrHandle: raw}
		}
		b.AddNode(n)
	}
	last := map[string]RuleAttr{}
	var sections []string
	for _, r := range rules {
		if !slices.Contains(catchAll, r.Pattern) {
			continue
		}
		key := strings.ToLower(r.Section)
		if _, ok := last[key]; !ok {
			sections = append(sections, key)
		}
		last[key] = r
	}
	for _, s := range sections {
		r := last[s]
		for _, o := range r.Owners {
			ev := evidence(f.Path, r.Line)
			ev[0].Note = "catch-all pattern " + r.Pattern
			b.AddEdge(graph.Edge{From: repoID, To: o, Kind: graph.OwnedBy, Evidence: ev})
		}
	}
}

func evidence(path string, line int) []graph.Evidence {
	return []graph.Evidence{{Connector: Name, Source: path, Line: line, Basis: graph.Declared}}
}

// toJSON encodes v compactly, leaving <, > and & as written.
func toJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("codeowners: encode attribute: " + err.Error()) // strings and ints always encode
	}
	return strings.TrimSuffix(buf.String(), "\n")
}
