package yamlnode

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// value decodes "v: <text>" and returns the value node as written.
func value(t *testing.T, text string) *yaml.Node {
	t.Helper()
	docs, _, err := Documents([]byte("anchors: [&s str, &l [a, b], &m {k: v}]\nv: "+text+"\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	m := Root(docs[0])
	return m.Content[3]
}

func TestDescribe(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", "empty"},
		{"~", "empty"},
		{"null", "empty"},
		{"{a: 1}", "a mapping (key: value)"},
		{"[1]", "a list"},
		{"3", "a number"},
		{"2.5", "a number"},
		{"true", "true/false"},
		{"hello", "a string"},
		{`"3"`, "a string"},
		{"*l", "a list"},
		{"*m", "a mapping (key: value)"},
	}
	for _, tc := range tests {
		if got := Describe(value(t, tc.text)); got != tc.want {
			t.Errorf("Describe(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := Describe(nil); got != "empty" {
		t.Errorf("Describe(nil) = %q, want empty", got)
	}
}

func TestIsNull(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{{"", true}, {"~", true}, {"null", true}, {`""`, false}, {"0", false}, {"[]", false}, {"{}", false}}
	for _, tc := range tests {
		if got := IsNull(value(t, tc.text)); got != tc.want {
			t.Errorf("IsNull(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestLine(t *testing.T) {
	if got := Line(nil, 7); got != 7 {
		t.Errorf("Line(nil, 7) = %d", got)
	}
	if got := Line(&yaml.Node{}, 7); got != 7 {
		t.Errorf("Line(no line, 7) = %d", got)
	}
	if got := Line(value(t, "x"), 7); got != 2 {
		t.Errorf("Line(v on line 2, 7) = %d", got)
	}
}

func TestStrList(t *testing.T) {
	type result struct {
		Strs []Scalar
		Bad  []string // Describe of each bad item
		OK   bool
	}
	tests := []struct {
		text string
		want result
	}{
		{"", result{OK: true}},
		{" one ", result{Strs: []Scalar{{"one", 2}}, OK: true}},
		{`""`, result{Strs: []Scalar{{"", 2}}, OK: true}},
		{"*s", result{Strs: []Scalar{{"str", 2}}, OK: true}},
		{"[a, 3, *s]", result{Strs: []Scalar{{"a", 2}, {"3", 2}, {"str", 2}}, OK: true}},
		{"*l", result{Strs: []Scalar{{"a", 1}, {"b", 1}}, OK: true}},
		{"[a, ~, {k: v}, [b], *m]", result{Strs: []Scalar{{"a", 2}}, Bad: []string{"empty", "a mapping (key: value)", "a list", "a mapping (key: value)"}, OK: true}},
		{"{a: 1}", result{}},
		{"*m", result{}},
	}
	for _, tc := range tests {
		w := NewWalker(MaxNodes)
		strs, bad, ok := w.StrList(value(t, tc.text))
		got := result{Strs: strs, OK: ok}
		for _, b := range bad {
			got.Bad = append(got.Bad, Describe(b))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("StrList(%q) (-want +got):\n%s", tc.text, diff)
		}
	}
}
