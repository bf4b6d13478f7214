package link

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/convene-dev/convene/graph"
)

func TestLiteralPrefix(t *testing.T) {
	for glob, want := range map[string]string{
		"arn:aws:iam::111122223333:role/payments-*": "arn:aws:iam::111122223333:role/payments-",
		"vault:secret/payments/**":                  "vault:secret/payments",
		"vault:secret/payments/db":                  "vault:secret/payments/db",
		"host:{a,b}":                                "host:",
		"host:batch-0?":                             "host:batch-0",
		"host:[ab]":                                 "host:",
		`a\*b*`:                                     "a*b",
		"**":                                        "",
		"a//**":                                     "a",
	} {
		if got := literalPrefix(glob); got != want {
			t.Errorf("literalPrefix(%q) = %q, want %q", glob, got, want)
		}
	}
}

func TestRequiredChunk(t *testing.T) {
	for glob, want := range map[string]string{
		"arn:aws:iam::*:role/payments-*":              ":role/payments-",
		"arn:aws:secretsmanager:*:1111:secret:pay/**": ":1111:secret:pay",
		"vault:secret/payments/**":                    "",
		"host:{a,b}-x":                                "-x",
		"host:[{]abc":                                 "abc",
		`x*a\*bc`:                                     "a*bc",
		"**/deploy":                                   "deploy",
		"github.com/northwind/*/**/.github/workflows/*": ".github/workflows",
	} {
		if got := requiredChunk(glob); got != want {
			t.Errorf("requiredChunk(%q) = %q, want %q", glob, got, want)
		}
	}
}

// FuzzLiteralPrefix checks what the matcher's index rests on: every name a
// glob matches starts with the glob's literal prefix and holds its required
// chunk after it, and a glob that is all prefix matches only itself.
func FuzzLiteralPrefix(f *testing.F) {
	for _, s := range [][2]string{
		{"vault:secret/payments/**", "vault:secret/payments"},
		{"a/**/b", "a/b"},
		{`a\/b/**`, "a/b"},
		{"arn:aws:iam::*:role/x", "arn:aws:iam::1:role/x"},
		{"a/{b,**}", "a"},
		{"a//b", "a//b"},
		{"**/b", "b"},
		{"a*/**/b", "ab/b"},
		{"{a,b/c}*x", "b/cx"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, glob, name string) {
		if !doublestar.ValidatePattern(glob) || !utf8.ValidString(glob) || !utf8.ValidString(name) {
			return // doublestar reads every invalid byte as U+FFFD, so "\xe0" matches "\xee"
		}
		if !validGlob(glob) {
			// Rules never match with such a glob; doublestar's brace
			// alternation is exponential ({a,a} 18 times: 28 ms, 30 times:
			// half a minute), which stalled the fuzzer.
			return
		}
		prefix := literalPrefix(glob)
		ok := doublestar.MatchUnvalidated(glob, name)
		if ok && !strings.HasPrefix(name, prefix) {
			t.Fatalf("%q matches %q, which does not start with its prefix %q", glob, name, prefix)
		}
		if chunk := requiredChunk(glob); ok && !strings.Contains(name[len(prefix):], chunk) {
			t.Fatalf("%q matches %q, which does not hold its chunk %q after its prefix", glob, name, chunk)
		}
		if prefix == glob && ok != (glob == name) {
			t.Fatalf("literal %q: Match(%q) = %v", glob, name, ok)
		}
	})
}

// BenchmarkOwnerRules applies 300 rules to 100k nodes, about the ratio of a
// large estate (scale both by ten for a million nodes).
func BenchmarkOwnerRules(b *testing.B) {
	const nodes, teams = 100_000, 100
	gb := graph.NewBuilder()
	for i := range nodes {
		team := fmt.Sprintf("team%03d", i%teams)
		var id string
		switch i % 4 {
		case 0:
			id = fmt.Sprintf("arn:aws:iam::%012d:role/%s-svc-%d", 111122223333+i%7, team, i)
		case 1:
			id = fmt.Sprintf("vault:secret/%s/app-%d/db", team, i)
		case 2:
			id = fmt.Sprintf("github.com/northwind/%s-repo-%d/.github/workflows/deploy.yml", team, i)
		default:
			id = fmt.Sprintf("host:node-%d/cron/job-%d", i%500, i)
		}
		gb.AddNode(graph.Node{ID: id, Kind: graph.Workload, Type: "x", Attrs: map[string]string{"tag.team": team}})
	}
	for i := range teams {
		team := fmt.Sprintf("team%03d", i)
		gb.AddNode(owner("team:"+team,
			ownerRule{IDs: []string{"arn:aws:iam::*:role/" + team + "-*", "github.com/northwind/" + team + "-*/**"}},
			ownerRule{IDs: []string{"vault:secret/" + team + "/**"}, Kind: "workload"},
			ownerRule{TagKey: "team", TagValue: team}))
	}
	g := gb.Build()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := OwnerRules().Apply(context.Background(), g, graph.NewBuilder()); err != nil {
			b.Fatal(err)
		}
	}
}
