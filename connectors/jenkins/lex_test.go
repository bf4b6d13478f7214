package jenkins

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestLex(t *testing.T) {
	type tok struct {
		Kind   tokKind
		Text   string
		Line   int
		Interp bool
	}
	tests := []struct {
		src  string
		want []tok
		err  string
	}{
		{"a 'b' // c\n/* d\n*/ \"e${f {g}}\"", []tok{{tIdent, "a", 1, false}, {tString, "b", 1, false}, {tString, "e${f {g}}", 3, true}}, ""},
		{"x = /a\\/b/ ; y / 2", []tok{{tIdent, "x", 1, false}, {tPunct, "=", 1, false}, {tString, `a\/b`, 1, false}, {tPunct, ";", 1, false}, {tIdent, "y", 1, false}, {tPunct, "/", 1, false}, {tNumber, "2", 1, false}}, ""},
		{"'''a\nb''' \"$x\"", []tok{{tString, "a\nb", 1, false}, {tString, "$x", 2, true}}, ""},
		{"a == b", []tok{{tIdent, "a", 1, false}, {tPunct, "==", 1, false}, {tIdent, "b", 1, false}}, ""},
		{"sh 'oops\n", []tok{{tIdent, "sh", 1, false}}, "line 1: string opened with ' is not closed on its line"},
		{"/* never", nil, "line 1: block comment /* is never closed"},
	}
	for _, tt := range tests {
		toks, err := lex(tt.src)
		var got []tok
		for _, tk := range toks {
			got = append(got, tok{tk.kind, tk.text, tk.line, tk.interp})
		}
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("lex(%q) (-want +got):\n%s", tt.src, diff)
		}
		if diff := cmp.Diff(tt.err, gotErr); diff != "" {
			t.Errorf("lex(%q) error (-want +got):\n%s", tt.src, diff)
		}
	}
}

func TestSchedule(t *testing.T) {
	tests := []struct {
		spec string
		want *graph.Schedule
	}{
		{"H 4 * * 1-5", &graph.Schedule{Expr: "H 4 * * 1-5", Dialect: graph.Jenkins}},
		{"@daily", &graph.Schedule{Expr: "@daily", Dialect: graph.Jenkins}},
		{"TZ=Europe/Dublin\n# nightly\nH H(0-2) * * *\nH 12 * * *", &graph.Schedule{Expr: "H H(0-2) * * *", Dialect: graph.Jenkins, TimeZone: "Europe/Dublin"}},
		{"  \n# only a comment", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, schedule(tt.spec)); diff != "" {
			t.Errorf("schedule(%q) (-want +got):\n%s", tt.spec, diff)
		}
	}
}

// TestUnresolved checks that ids held in variables are recorded, not
// guessed, and that literal ones are read.
func TestUnresolved(t *testing.T) {
	res := Parse(`def id = 'x'
node {
  withCredentials([string(credentialsId: id, variable: 'A'), string(credentialsId: "${p}", variable: 'B'), string(credentialsId: 'lit', variable: 'C')]) {}
  triggers { cron(spec) }
  withAWS(role: 'r') {}
}`)
	var ids []string
	for _, c := range res.r.creds {
		ids = append(ids, c.id)
	}
	if diff := cmp.Diff([]string{"lit"}, ids); diff != "" {
		t.Errorf("credentials (-want +got):\n%s", diff)
	}
	want := []string{
		"withCredentials credentials id id (line 3)",
		`withCredentials credentials id "${p}" (line 3)`,
		"cron spec spec (line 4)",
		"withAWS role 'r' without a literal roleAccount (line 5)",
	}
	if diff := cmp.Diff(want, res.r.unresolved); diff != "" {
		t.Errorf("unresolved (-want +got):\n%s", diff)
	}
}

func TestRoot(t *testing.T) {
	tests := map[string]string{
		"../../testdata/estate/repos/github.com/northwind/release-tools/Jenkinsfile": "../../testdata/estate/repos/github.com/northwind/release-tools",
		"checkout/Jenkinsfile.d/core/release":                                        "checkout",
		"Jenkinsfile.d/weekly":                                                       ".",
		"testdata/in/scripted.jenkinsfile":                                           "testdata/in",
	}
	got := map[string]string{}
	for in := range tests {
		got[in] = filepath.ToSlash(Root(in))
	}
	if diff := cmp.Diff(tests, got); diff != "" {
		t.Errorf("Root (-want +got):\n%s", diff)
	}
}
