package yamlnode

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func root(t *testing.T, text string) *yaml.Node {
	t.Helper()
	docs, _, err := Documents([]byte(text), 0)
	if err != nil {
		t.Fatal(err)
	}
	return Root(docs[0])
}

// TestMergeOrder: of several merged mappings the first to name a key wins,
// in a list and across several << keys, and an explicit key wins over all;
// Get and Pairs agree.
func TestMergeOrder(t *testing.T) {
	tests := []struct {
		name, job string
		want      map[string]string
	}{
		{"list: first wins", "{<<: [*a, *b]}", map[string]string{"env": "a", "a": "1", "b": "2"}},
		{"list reversed", "{<<: [*b, *a]}", map[string]string{"env": "b", "a": "1", "b": "2"}},
		{"explicit wins", "{<<: [*a, *b], env: job}", map[string]string{"env": "job", "a": "1", "b": "2"}},
		{"explicit before the merge wins", "{env: job, <<: *a}", map[string]string{"env": "job", "a": "1"}},
		{"nested merge", "{<<: *c}", map[string]string{"env": "c", "a": "1", "c": "3"}},
		{"merge of a scalar is nothing", "{<<: *s, x: y}", map[string]string{"x": "y"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := root(t, "a: &a {env: a, a: 1}\nb: &b {env: b, b: 2}\nc: &c {<<: *a, env: c, c: 3}\ns: &s str\njob: "+tc.job+"\n")
			w := NewWalker(MaxNodes)
			job := w.Get(doc, "job")
			got := map[string]string{}
			for _, p := range w.Pairs(job) {
				got[p.Key] = Str(p.V)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Pairs (-want +got):\n%s", diff)
			}
			for k, v := range tc.want {
				if g := Str(w.Get(job, k)); g != v {
					t.Errorf("Get(%s) = %q, want %q", k, g, v)
				}
			}
		})
	}
}

// TestMergeCycle: a mapping that merges itself, directly or through
// another, ends.
func TestMergeCycle(t *testing.T) {
	doc := root(t, "a: &a {<<: *a, x: 1}\nb: &b {<<: {<<: *b, z: 3}, y: 2}\n")
	w := NewWalker(MaxNodes)
	if got := len(w.Pairs(w.Get(doc, "a"))); got != 1 {
		t.Errorf("Pairs(a) has %d keys, want 1", got)
	}
	if got := len(w.Pairs(w.Get(doc, "b"))); got != 2 {
		t.Errorf("Pairs(b) has %d keys, want 2 (y, and z merged)", got)
	}
	if v := w.Get(w.Get(doc, "b"), "missing"); v != nil {
		t.Errorf("Get(b, missing) = %v", v)
	}
}

// TestPairsRaw: Raw is the value as written, an alias with its own line.
func TestPairsRaw(t *testing.T) {
	doc := root(t, "l: &l [a]\nm:\n  x: *l\n")
	w := NewWalker(MaxNodes)
	ps := w.Pairs(w.Get(doc, "m"))
	if len(ps) != 1 || ps[0].Raw.Line != 3 || ps[0].V.Line != 1 || ps[0].V.Kind != yaml.SequenceNode {
		t.Errorf("Pairs(m) = %+v, want x with Raw on line 3 and V the list on line 1", ps)
	}
}

// TestBudgetCountsNodes: reading the same place again costs nothing more;
// an alias repeating a subtree costs its nodes again at each use.
func TestBudgetCountsNodes(t *testing.T) {
	var b strings.Builder
	b.WriteString("job:\n")
	for i := range 50 {
		b.WriteString("  k" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": v\n")
	}
	doc := root(t, b.String())
	w := NewWalker(MaxNodes)
	for range 1000 {
		w.Get(w.Get(doc, "job"), "missing")
		w.Pairs(w.Get(doc, "job"))
	}
	if got := w.Spent(); got != 52 {
		t.Errorf("1000 lookups in a mapping of 50 keys spent %d, want 52 (the root, the job, its values)", got)
	}

	doc = root(t, "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n")
	w = NewWalker(MaxNodes)
	visit := 0
	for range 3 {
		for _, a := range w.Items(w.Get(doc, "b")) {
			visit += len(w.Items(a))
		}
	}
	if got := w.Spent(); got < visit {
		t.Errorf("visited %d nodes an alias repeats, spent %d; want each charged", visit, got)
	}
}

// TestField: Field finds what Get finds, a merged key too, with the value
// as written: an alias, on the line where it is used.
func TestField(t *testing.T) {
	doc := root(t, "d: &d {team: &t payments, x: 1}\njob:\n  <<: *d\n  owner: *t\n  y: 2\n")
	w := NewWalker(MaxNodes)
	job := w.Get(doc, "job")
	type field struct {
		Key, V     string
		VLine, Raw int
		OK         bool
	}
	var got []field
	for _, k := range []string{"owner", "y", "team", "none"} {
		p, ok := w.Field(job, k)
		f := field{OK: ok}
		if ok {
			f = field{p.Key, Str(p.V), p.V.Line, p.Raw.Line, ok}
			if g := w.Get(job, k); g != p.V {
				t.Errorf("Get(%s) = %v, Field's V = %v", k, g, p.V)
			}
		}
		got = append(got, f)
	}
	want := []field{{"owner", "payments", 1, 4, true}, {"y", "2", 5, 5, true}, {"team", "payments", 1, 1, true}, {}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Field (-want +got):\n%s", diff)
	}
}
