package codeowners

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/internal/owners/pathmatch"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		d        Dialect
		rules    []pathmatch.Rule
		problems []Problem
	}{
		{"owners and inline comment", "*.go @a @org/t x@Y.io # comment @ignored\n", GitHub,
			[]pathmatch.Rule{{Pattern: "*.go", Owners: []string{"@a", "@org/t", "x@y.io"}, Line: 1}}, nil},
		{"comments and blank lines", "# c\n\n   # d\n/a @b\n", GitHub,
			[]pathmatch.Rule{{Pattern: "/a", Owners: []string{"@b"}, Line: 4}}, nil},
		{"no owners clears", "/vendor/\n", GitHub, []pathmatch.Rule{{Pattern: "/vendor/", Line: 1}}, nil},
		{"negation skipped", "!x @a\n", GitHub, nil, []Problem{{1, `pattern "!x": "!" negation is not supported in CODEOWNERS; the line is skipped, as GitHub skips it: rewrite the pattern`}}},
		{"range skipped", "[ab] @a\n", GitHub, nil, []Problem{{1, `pattern "[ab]": "[ ]" character ranges are not supported in CODEOWNERS; the line is skipped, as GitHub skips it: rewrite the pattern`}}},
		{"escaped comment skipped", "\\#x @a\n", GitHub, nil, []Problem{{1, `pattern "\\#x": a pattern starting with "\#" (escaped comment) is not supported in CODEOWNERS; the line is skipped, as GitHub skips it: rewrite the pattern`}}},
		{"bad owner left out", "/a bad @ok\n", GitHub, []pathmatch.Rule{{Pattern: "/a", Owners: []string{"@ok"}, Line: 1}},
			[]Problem{{1, `owner "bad" is not @user, @org/team or an e-mail address; GitHub reports it as an unknown owner: fix the spelling`}}},
		{"gitlab section defaults and escaped space", "[Docs][2] @d\n/my\\ docs/\n/x @e\n^[Opt]\n*.md @m\n", GitLab,
			[]pathmatch.Rule{
				{Pattern: "/my docs/", Owners: []string{"@d"}, Section: "Docs", Line: 2},
				{Pattern: "/x", Owners: []string{"@e"}, Section: "Docs", Line: 3},
				{Pattern: "*.md", Owners: []string{"@m"}, Section: "Opt", Line: 5},
			}, nil},
		{"crlf", "* @a\r\n", GitHub, []pathmatch.Rule{{Pattern: "*", Owners: []string{"@a"}, Line: 1}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Parse("CODEOWNERS", []byte(tc.in), tc.d)
			if diff := cmp.Diff(tc.rules, f.Rules); diff != "" {
				t.Errorf("rules (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.problems, f.Problems); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOwnerID(t *testing.T) {
	for _, tc := range []struct {
		raw     string
		d       Dialect
		id, typ string
	}{
		{"@Northwind/Payments", GitHub, "github-team:northwind/payments", "team"},
		{"@ana", GitHub, "github-user:ana", "person"},
		{"ana@example.com", GitHub, "person:ana@example.com", "person"},
		{"@grp/sub/team", GitLab, "gitlab-group:grp/sub/team", "team"},
		{"@ana", GitLab, "gitlab-user:ana", "person"},
	} {
		id, typ := OwnerID(tc.raw, tc.d)
		if id != tc.id || typ != tc.typ {
			t.Errorf("OwnerID(%q, %s) = %s, %s; want %s, %s", tc.raw, tc.d, id, typ, tc.id, tc.typ)
		}
	}
}

func TestClaims(t *testing.T) {
	c := New()
	for p, want := range map[string]bool{
		"CODEOWNERS": true, "a/.github/CODEOWNERS": true, "a/docs/CODEOWNERS": true,
		"CODEOWNERS.md": false, "a/codeowners": false,
	} {
		if got := c.Claims(p, nil); got != want {
			t.Errorf("Claims(%q) = %v", p, got)
		}
	}
}
