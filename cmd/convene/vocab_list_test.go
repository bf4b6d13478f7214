package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// privateLists are connector-private attribute keys that hold lists,
// wherever they appear in the sample estate; like the vocabulary's
// list-valued keys (graph.IsList) their values are JSON arrays.
var privateLists = []string{
	"actions", "agent_model_keys", "agent_steps", "aud", "binding", "container", "credential_env", "exec_start", "exec_start_pre",
	"extends", "headers", "hosts", "id_tokens", "images", "includes", "input", "key", "property", "refs",
	"sid", "stages", "steps", "teams", "unverified_claims", "variables", "where",
}

// TestListAttrsAreJSONArrays checks issue 16's promise on the scanned
// sample estate (the estate golden): every value of a list-valued key, of
// the vocabulary or connector-private, on a node or an edge, is a JSON
// array of strings, as graph.EncodeList writes it.
func TestListAttrsAreJSONArrays(t *testing.T) {
	g := estateGraph(t)
	isList := func(k string) bool {
		return graph.IsList(k) || strings.Contains(","+strings.Join(privateLists, ",")+",", ","+k+",")
	}
	seen := map[string]bool{}
	check := func(where string, attrs map[string]string) {
		for k, v := range attrs {
			if !isList(k) {
				continue
			}
			seen[k] = true
			var vs []string
			if err := json.Unmarshal([]byte(v), &vs); err != nil || graph.EncodeList(vs) != v {
				t.Errorf("%s: %s = %q is not a JSON array as graph.EncodeList writes it", where, k, v)
			}
		}
	}
	for _, n := range g.Nodes() {
		check(n.ID, n.Attrs)
	}
	for _, e := range g.Edges() {
		check(e.From+" -"+string(e.Kind)+"-> "+e.To, e.Attrs)
	}
	for _, k := range privateLists {
		if !seen[k] {
			t.Errorf("privateLists names %q, which no node or edge of the sample estate holds", k)
		}
	}
}

// TestListAttrsDocumented checks that docs/graph-format.md says "a JSON
// array" in the row of every list-valued key of the vocabulary.
func TestListAttrsDocumented(t *testing.T) {
	data, err := os.ReadFile("../../docs/graph-format.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		// The vocabulary table's rows: | `key` | `AttrKey…` | meaning |
		if cells := strings.Split(line, "|"); len(cells) > 3 && strings.HasPrefix(strings.TrimSpace(cells[2]), "`Attr") {
			rows[strings.Trim(strings.TrimSpace(cells[1]), "`")] = line
		}
	}
	for _, k := range graph.ListAttrs() {
		if row, ok := rows[k]; !ok || !strings.Contains(row, "a JSON array") {
			t.Errorf("docs/graph-format.md: the row of list-valued key %q does not say \"a JSON array\": %q", k, row)
		}
	}
}
