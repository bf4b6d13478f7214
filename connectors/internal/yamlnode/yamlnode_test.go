package yamlnode

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		name, data string
		want       SyntaxError
	}{
		{"unclosed flow sequence (yaml/v3 counts parser lines from 0)", "a: 1\nb: [1, 2\nc: 3\n",
			SyntaxError{Line: 2, Msg: "a flow sequence [ … ] is not closed (did not find expected ',' or ']')"}},
		{"tab indentation (scanner, 1-based)", "a:\n\tb: 1\n",
			SyntaxError{Line: 2, Msg: "found character that cannot start any token"}},
		{"unclosed quote: the line it opens on", "a: 1\nb: \"open\n",
			SyntaxError{Line: 2, Msg: "found unexpected end of stream"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Documents([]byte(tc.data), 0)
			if err == nil {
				t.Fatal("no error")
			}
			got := *err
			if got.Msg != tc.want.Msg && strings.Contains(got.Msg, tc.want.Msg) {
				got.Msg = tc.want.Msg // yaml/v3 adds context after the message
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDocuments(t *testing.T) {
	docs, more, err := Documents([]byte("a: 1\n---\nb: 2\n---\nc: 3\n"), 2)
	if err != nil || len(docs) != 2 || !more {
		t.Errorf("Documents(max 2) = %d docs, more %v, err %v; want 2, true, nil", len(docs), more, err)
	}
	docs, more, err = Documents([]byte("a: 1\n---\nb: [\n"), 0)
	if err == nil || len(docs) != 1 || more {
		t.Errorf("Documents(bad second) = %d docs, more %v, err %v; want the first with an error", len(docs), more, err)
	}
}

func TestMergeKeys(t *testing.T) {
	docs, _, err := Documents([]byte(`
base: &base {image: alpine, env: base}
other: &other {env: other, user: root}
job:
  <<: [*base, *other]
  env: job
`), 0)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWalker(MaxNodes)
	job := w.Get(docs[0], "job")
	got := map[string]string{}
	for _, p := range w.Pairs(job) {
		got[p.Key] = Str(p.V)
	}
	want := map[string]string{"env": "job", "image": "alpine", "user": "root"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged pairs (-want +got):\n%s", diff)
	}
	if v := Str(w.Get(job, "image")); v != "alpine" {
		t.Errorf("Get(image) = %q, want alpine (from the merge)", v)
	}
}

// TestAliasBomb: a billion-laughs file of a few hundred bytes stops at the
// budget instead of walking 10^9 nodes.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	docs, _, err := Documents([]byte(b.String()), 0)
	if err != nil {
		t.Fatal(err)
	}
	w := NewWalker(10_000)
	visited := 0
	stack := w.Items(w.Get(docs[0], "a9"))
	for len(stack) > 0 && !w.Exceeded() {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		visited++
		stack = append(stack, w.Items(n)...)
	}
	if !w.Exceeded() || visited > 10_000 {
		t.Errorf("walked %d nodes, exceeded %v; want the budget to stop the walk", visited, w.Exceeded())
	}
}

func FuzzWalk(f *testing.F) {
	for _, s := range []string{"a: 1", "a: &x [1, *x]", "<<: {a: 1}\nb: 2", "- &a [*a]", "a: [1, 2\n", "---\n---\nx: !!merge 1", "a: &a {<<: *a, x: 1}\nb: {<<: [*a, {y: 2}], x: 3}", "a: &a [x, x]\nb: [*a, *a, {<<: [*a]}]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		docs, _, _ := Documents([]byte(s), 4)
		w := NewWalker(1000)
		for _, d := range docs {
			stack := []*yaml.Node{Root(d)}
			for len(stack) > 0 && !w.Exceeded() {
				n := w.Deref(stack[len(stack)-1])
				stack = stack[:len(stack)-1]
				if n == nil {
					continue
				}
				for _, p := range w.Pairs(n) {
					stack = append(stack, p.V)
				}
				stack = append(stack, w.Items(n)...)
			}
		}
	})
}
