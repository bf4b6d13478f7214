package graph_test

import (
	"testing"
	"unicode/utf8"

	"github.com/convene-dev/convene/graph"
	"github.com/google/go-cmp/cmp"
)

func TestListRoundTrip(t *testing.T) {
	for _, vs := range [][]string{{"a"}, {"a", "b,c", `q"uote`}, {"", "x"}, {"a > b && c <d>"}} {
		enc := graph.EncodeList(vs)
		if diff := cmp.Diff(vs, graph.DecodeList(enc)); diff != "" {
			t.Errorf("DecodeList(EncodeList(%q)) = %s (-want +got):\n%s", vs, enc, diff)
		}
	}
	if got := graph.EncodeList(nil); got != "[]" {
		t.Errorf("EncodeList(nil) = %q, want []", got)
	}
}

func TestDecodeList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"[]", []string{}},
		{`["x","y"]`, []string{"x", "y"}},
		{"x,y", []string{"x", "y"}},     // a file written before lists were unified
		{" x , ,y", []string{"x", "y"}}, // blanks and empty parts dropped
		{"[not json", []string{"[not json"}},
		{"single", []string{"single"}},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, graph.DecodeList(tc.in)); diff != "" {
			t.Errorf("DecodeList(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func FuzzDecodeList(f *testing.F) {
	for _, s := range []string{"", "[]", `["a","b"]`, "a,b", "[", `["a",1]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vs := graph.DecodeList(s)
		if vs == nil || !utf8.ValidString(s) {
			return // JSON text is UTF-8; invalid bytes read back as U+FFFD
		}
		if diff := cmp.Diff(vs, graph.DecodeList(graph.EncodeList(vs))); diff != "" {
			t.Errorf("round trip of DecodeList(%q) (-want +got):\n%s", s, diff)
		}
	})
}

func TestAppendList(t *testing.T) {
	tests := []struct {
		name string
		old  string // "" for no attribute
		add  []string
		want map[string]string
	}{
		{"new", "", []string{"a", "b"}, map[string]string{"k": `["a","b"]`}},
		{"append", `["a"]`, []string{"b"}, map[string]string{"k": `["a","b"]`}},
		{"duplicates once", `["a"]`, []string{"a", "b", "b"}, map[string]string{"k": `["a","b"]`}},
		{"commas kept", "", []string{"x,y"}, map[string]string{"k": `["x,y"]`}},
		{"old comma-joined", "a,b", []string{"c"}, map[string]string{"k": `["a","b","c"]`}},
		{"empty skipped", "", []string{""}, map[string]string{}},
		{"nothing new", `["a"]`, []string{"a"}, map[string]string{"k": `["a"]`}},
	}
	for _, tc := range tests {
		attrs := map[string]string{}
		if tc.old != "" {
			attrs["k"] = tc.old
		}
		graph.AppendList(attrs, "k", tc.add...)
		if diff := cmp.Diff(tc.want, attrs); diff != "" {
			t.Errorf("%s: AppendList (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestEncodeListReadable(t *testing.T) {
	if got, want := graph.EncodeList([]string{"sh -c 'a > b && c'"}), `["sh -c 'a > b && c'"]`; got != want {
		t.Errorf("EncodeList = %s, want %s", got, want)
	}
}

// BenchmarkAppendList builds a 20-item list one value at a time, as a
// connector gathering a job's unresolved references does.
func BenchmarkAppendList(b *testing.B) {
	vals := make([]string, 20)
	for i := range vals {
		vals[i] = "secret/${ENV}/item-" + string(rune('a'+i))
	}
	b.ReportAllocs()
	for b.Loop() {
		attrs := map[string]string{}
		for _, v := range vals {
			graph.AppendList(attrs, "unresolved", v)
		}
	}
}
