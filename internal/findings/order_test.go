package findings

import (
	"strings"
	"testing"
)

func TestCompareJoinedIsCompareOfJoin(t *testing.T) {
	lists := [][]string{nil, {""}, {"", ""}, {"a"}, {"a", ""}, {"a b"}, {"a", "b"}, {"a", "b", "c"}, {"ab"}, {"a!"}, {"a", "!"},
		{"arn:aws:iam::1:role/x"}, {"arn:aws:iam::1:role/x", "job"}, {"arn:aws:iam::1:role/xy"}, {"b"}, {" "}, {"", "a"}}
	for _, a := range lists {
		for _, b := range lists {
			want := strings.Compare(strings.Join(a, " "), strings.Join(b, " "))
			if got := compareJoined(a, b); got != want {
				t.Errorf("compareJoined(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func FuzzCompareJoined(f *testing.F) {
	f.Add("a b", "a", "b c")
	f.Fuzz(func(t *testing.T, x, y, z string) {
		a, b := strings.Split(x, "|"), append(strings.Split(y, "|"), strings.Split(z, "|")...)
		want := strings.Compare(strings.Join(a, " "), strings.Join(b, " "))
		if got := compareJoined(a, b); got != want {
			t.Errorf("compareJoined(%q, %q) = %d, want %d", a, b, got, want)
		}
		if got := compareJoined(b, a); got != -want {
			t.Errorf("compareJoined(%q, %q) = %d, want %d", b, a, got, -want)
		}
	})
}
