package pathmatch

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPattern holds one case for each rule GitHub documents for CODEOWNERS
// (docs.github.com, "About code owners", example file), and the gitignore
// rules it inherits.
func TestPattern(t *testing.T) {
	for _, tc := range []struct {
		rule    string
		pattern string
		match   []string
		nomatch []string
	}{
		{"* matches every file", "*", []string{"a", "README.md", "a/b/c.go", ".github/workflows/x.yml"}, nil},
		{"extension at any depth", "*.js", []string{"app.js", "src/app.js", "a/b/c.js", "lib.js/x"}, []string{"app.jsx", "app.ts"}},
		{"directory pattern at any depth", "apps/", []string{"apps/x", "a/apps/b/c"}, []string{"apps", "myapps/x", "a/apps"}},
		{"anchored directory", "/docs/", []string{"docs/a.md", "docs/a/b.md"}, []string{"docs", "x/docs/a.md"}},
		{"docs/* direct children only", "docs/*", []string{"docs/getting-started.md"}, []string{"docs/build-app/troubleshooting.md", "docs", "x/docs/a.md"}},
		{"middle slash anchors", "build/logs", []string{"build/logs", "build/logs/a.log"}, []string{"x/build/logs", "build/logs2"}},
		{"anchored literal file", "/Makefile", []string{"Makefile"}, []string{"src/Makefile", "Makefile.am"}},
		{"anchored file or folder", "/cmd/promtool", []string{"cmd/promtool", "cmd/promtool/main.go"}, []string{"cmd/promtool2/main.go"}},
		{"bare name at any depth, file or folder", "logs", []string{"logs", "a/logs", "a/logs/b.txt"}, []string{"blogs", "logs.txt"}},
		{"leading ** any depth", "**/logs", []string{"logs", "build/logs", "deeply/nested/logs/x"}, []string{"logsx"}},
		{"trailing /** everything inside", "/scripts/**", []string{"scripts/a", "scripts/a/b"}, []string{"scripts", "x/scripts/a"}},
		{"middle ** zero or more folders", "a/**/b", []string{"a/b", "a/x/b", "a/x/y/b/z"}, []string{"x/a/b", "a/bb"}},
		{"* within a segment", "/src/*.go", []string{"src/a.go", "src/a.go/x"}, []string{"src/a/b.go"}},
		{"? one character", "/v?.txt", []string{"v1.txt"}, []string{"v10.txt", "v.txt"}},
		{"? one character, not one byte", "/v?.txt", []string{"vé.txt", "v日.txt"}, []string{"vé1.txt"}},
		{"an escaped slash is a slash", `/docs\/`, []string{"docs/a", "docs/a/b"}, []string{"docs", "other/docs/a"}},
		{"escaped star", `/a\*b`, []string{"a*b"}, []string{"axb"}},
		{"** alone matches everything", "**", []string{"a", "a/b"}, nil},
		{"/ matches nothing", "/", nil, []string{"a", "a/b"}},
		{"case sensitive", "/Docs/", []string{"Docs/a"}, []string{"docs/a"}},
		{"workflow file", ".github/workflows/deploy.yml", []string{".github/workflows/deploy.yml"}, []string{"x/.github/workflows/deploy.yml"}},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			p, err := Compile(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			for _, path := range tc.match {
				if !p.Match(path) {
					t.Errorf("%q does not match %q, want match", tc.pattern, path)
				}
			}
			for _, path := range tc.nomatch {
				if p.Match(path) {
					t.Errorf("%q matches %q, want no match", tc.pattern, path)
				}
			}
		})
	}
}

// TestInvalid: the gitignore syntax GitHub says does not work in
// CODEOWNERS.
func TestInvalid(t *testing.T) {
	for pat, want := range map[string]error{
		"!docs/":   ErrNegation,
		"[Ab]*.md": ErrRange,
		`\#notes`:  ErrEscape,
		"a/***/b":  ErrStars,
		"":         ErrEmpty,
	} {
		if _, err := Compile(pat); !errors.Is(err, want) {
			t.Errorf("Compile(%q) = %v, want %v", pat, err, want)
		}
	}
}

// TestLastMatchWins: the example of GitHub's documentation, where later
// lines take precedence and a line without owners clears them.
func TestLastMatchWins(t *testing.T) {
	m, bad := NewMatcher([]Rule{
		{Pattern: "*", Owners: []string{"@global-owner1", "@global-owner2"}, Line: 1},
		{Pattern: "*.js", Owners: []string{"@js-owner"}, Line: 2},
		{Pattern: "*.go", Owners: []string{"docs@example.com"}, Line: 3},
		{Pattern: "/build/logs/", Owners: []string{"@doctocat"}, Line: 4},
		{Pattern: "docs/*", Owners: []string{"docs@example.com"}, Line: 5},
		{Pattern: "apps/", Owners: []string{"@octocat"}, Line: 6},
		{Pattern: "/apps/", Owners: []string{"@octocat"}, Line: 7},
		{Pattern: "/apps/github", Line: 8},
		{Pattern: "[x]", Owners: []string{"@bad"}, Line: 9},
	})
	if len(bad) != 1 || bad[8] == nil {
		t.Errorf("bad rules = %v, want line 9 only", bad)
	}
	for path, want := range map[string][]string{
		"README.md":              {"@global-owner1", "@global-owner2"},
		"src/app.js":             {"@js-owner"},
		"main.go":                {"docs@example.com"},
		"build/logs/today.txt":   {"@doctocat"},
		"docs/getting-started":   {"docs@example.com"},
		"docs/build-app/trouble": {"@global-owner1", "@global-owner2"},
		"x/apps/y":               {"@octocat"},
		"apps/github/a.txt":      nil,
	} {
		if diff := cmp.Diff(want, m.Owners(path)); diff != "" {
			t.Errorf("owners of %s (-want +got):\n%s", path, diff)
		}
	}
}

// TestSections: on GitLab every section decides on its own and the owners
// add up; sections of one name (any case) are one section.
func TestSections(t *testing.T) {
	m, _ := NewMatcher([]Rule{
		{Pattern: "*", Owners: []string{"@root"}},
		{Pattern: "*.md", Owners: []string{"@docs"}, Section: "Docs"},
		{Pattern: "/internal/", Owners: []string{"@dev"}, Section: "Dev"},
		{Pattern: "README.md", Owners: []string{"@readme"}, Section: "docs"},
	})
	if diff := cmp.Diff([]string{"@root", "@readme"}, m.Owners("README.md")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"@root", "@docs", "@dev"}, m.Owners("internal/a.md")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// BenchmarkMatcher matches 100,000 paths against a 1,000-rule file; one op
// is one path.
func BenchmarkMatcher(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	rules := []Rule{{Pattern: "*", Owners: []string{"@org/all"}}}
	for i := 1; i < 1000; i++ {
		var p string
		switch i % 5 {
		case 0:
			p = fmt.Sprintf("/svc%d/", i)
		case 1:
			p = fmt.Sprintf("/svc%d/internal/*.go", i)
		case 2:
			p = fmt.Sprintf("*.ext%d", i)
		case 3:
			p = fmt.Sprintf("**/gen%d", i)
		default:
			p = fmt.Sprintf("docs/area%d/*", i)
		}
		rules = append(rules, Rule{Pattern: p, Owners: []string{fmt.Sprintf("@org/team%d", i%50)}, Line: i + 1})
	}
	m, bad := NewMatcher(rules)
	if len(bad) > 0 {
		b.Fatal(bad)
	}
	paths := make([]string, 100_000)
	for i := range paths {
		paths[i] = fmt.Sprintf("svc%d/internal/pkg%d/file%d.go", rng.IntN(1200), rng.IntN(10), rng.IntN(100))
		if i%4 == 0 {
			paths[i] = fmt.Sprintf("docs/area%d/page%d.md", rng.IntN(1200), rng.IntN(100))
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.Match(paths[i%len(paths)])
	}
}

// TestManyStars: patterns with several "**" match as with one, in time
// linear in pattern times path, however deep the path.
func TestManyStars(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"**/a/**/b", "x/a/y/z/b", true},
		{"**/a/**/b", "a/b", true},
		{"**/a/**/b", "b/a", false},
		{"/x/**/y/**/*.go", "x/y/z.go", true},
		{"/x/**/y/**/*.go", "x/q/y/r/s/z.go/w", true},
		{"/x/**/**/y", "x/y", true},
		{"a/**/b/**", "a/b", false},
		{"a/**/b/**", "a/b/c", true},
	} {
		p, err := Compile(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Match(tc.path); got != tc.want {
			t.Errorf("%q on %q = %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
	deep := strings.Repeat("a/", 200) + "c"
	p, _ := Compile("**/a/**/a/**/a/**/a/**/a/**/a/**/b")
	start := time.Now()
	if p.Match(deep) {
		t.Error("matched")
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("took %v", d)
	}
}
