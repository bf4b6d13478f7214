package pathmatch

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// reference is a regular-expression translation of the documented rules,
// written independently of the segment matcher, to check it against.
func reference(pattern string) *regexp.Regexp {
	segs := strings.Split(pattern, "/")
	if segs[0] == "" {
		segs = segs[1:]
	} else if (len(segs) == 1 || (len(segs) == 2 && segs[1] == "")) && segs[0] != "**" {
		segs = append([]string{"**"}, segs...)
	}
	if len(segs) > 1 && segs[len(segs)-1] == "" {
		segs[len(segs)-1] = "**"
	}
	var parts []string
	for _, s := range segs {
		if s != "" {
			parts = append(parts, s)
		}
	}
	var re strings.Builder
	re.WriteString(`(?s)\A`) // paths may hold newlines
	need := false
	for i, s := range parts {
		last := i == len(parts)-1
		switch {
		case s == "**" && i == 0 && last:
			re.WriteString(`.+`)
		case s == "**" && i == 0:
			re.WriteString(`(?:.+/)?`)
			need = false
			continue
		case s == "**" && last:
			re.WriteString(`/.+`)
		case s == "**":
			re.WriteString(`(?:/.+)?`)
		default:
			if need {
				re.WriteString("/")
			}
			if s == "*" {
				re.WriteString(`[^/]+`)
			} else {
				// Rune by rune: an escaped or plain character may be
				// several bytes of UTF-8.
				escaped := false
				for _, c := range s {
					switch {
					case escaped:
						re.WriteString(regexp.QuoteMeta(string(c)))
						escaped = false
					case c == '*':
						re.WriteString(`[^/]*`)
					case c == '?':
						re.WriteString(`[^/]`)
					case c == '\\':
						escaped = true
					default:
						re.WriteString(regexp.QuoteMeta(string(c)))
					}
				}
				if last {
					re.WriteString(`(?:/.*)?`)
				}
			}
		}
		need = true
	}
	re.WriteString(`\z`)
	return regexp.MustCompile(re.String())
}

// FuzzMatch checks the matcher against the reference on clean paths,
// seeded with the patterns of the table test.
func FuzzMatch(f *testing.F) {
	for _, s := range [][2]string{
		{"*", "a/b"}, {"*.js", "src/app.js"}, {"apps/", "a/apps/b"}, {"/docs/", "docs/a"},
		{"docs/*", "docs/a/b"}, {"**/logs", "a/logs/x"}, {"a/**/b", "a/x/y/b"}, {"/v?.txt", "v1.txt"},
		{"/scripts/**", "scripts/a"}, {`/a\*b`, "a*b"}, {"logs", "logs"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, path string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(path) {
			return // the reference is a regexp, which needs UTF-8
		}
		p, err := Compile(pattern)
		if err != nil || p.none || strings.Contains(pattern, "//") || strings.HasSuffix(pattern, `\`) {
			return
		}
		if path == "" || strings.HasPrefix(path, "/") || strings.HasSuffix(path, "/") || strings.Contains(path, "//") {
			return
		}
		if strings.Contains(pattern, "**") && !strings.Contains("/"+pattern+"/", "/**/") {
			return // "**" inside a segment: GitHub's meaning is unspecified
		}
		if strings.Contains("/"+pattern, "/**/**") || strings.HasSuffix("/"+pattern, "/**/") {
			return // "**/**" and "**/": the reference itself is unsure (see TestPattern)
		}
		if want := reference(pattern).MatchString(path); p.Match(path) != want {
			t.Fatalf("Match(%q, %q) = %v, reference says %v", pattern, path, !want, want)
		}
	})
}
