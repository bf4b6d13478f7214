package owners

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHintID(t *testing.T) {
	for _, tc := range []struct{ raw, id, typ string }{
		{"ledger", "team:ledger", "team"},
		{"  Data Platform ", "team:data-platform", "team"},
		{"team-payments", "team:team-payments", "team"},
		{"team:Payments", "team:payments", "team"},
		{"Ana.Lima@Example.com", "person:ana.lima@example.com", "person"},
		{"person:ana@example.com", "person:ana@example.com", "person"},
		{"@Acme/Web", "github-team:acme/web", "team"},
		{"@octocat", "github-user:octocat", "person"},
		{"group:default/dba", "backstage:group:default/dba", "team"},
		{"group:dba", "backstage:group:default/dba", "team"},
		{"Group:Ops/Billing", "backstage:group:ops/billing", "team"},
		{"user:jdoe", "backstage:user:default/jdoe", "person"},
		{"", "", ""},
		{"--", "", ""},
		{"@", "", ""},
		{"group:", "", ""},
		{"Ana Lima <Ana@Example.com>", "person:ana@example.com", "person"},
		{"N/A", "", ""},
		{"none", "", ""},
		{"TBD", "", ""},
	} {
		id, typ, ok := HintID(tc.raw)
		if diff := cmp.Diff([]string{tc.id, tc.typ}, []string{id, typ}); diff != "" || ok != (tc.id != "") {
			t.Errorf("HintID(%q) = %q, %q, %v (-want +got):\n%s", tc.raw, id, typ, ok, diff)
		}
	}
}

func TestMailTo(t *testing.T) {
	if diff := cmp.Diff([]string{"ops@example.com", "root"}, MailTo(` "ops@example.com", root `)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := MailTo(""); got != nil {
		t.Errorf("MailTo(\"\") = %q", got)
	}
}

// teamID is the owners file's rule for team ids.
var teamID = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)

// FuzzHintID: any value maps to nothing or to an ID of a known scheme; a
// team: ID is a valid owners-file team id, so a draft of it loads.
func FuzzHintID(f *testing.F) {
	for _, s := range []string{"ledger", "group:default/dba", "@acme/web", "ops@example.com", "Data Platform", "team:x", "user:ns/jdoe", "ÄÖÜ", "a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		id, typ, ok := HintID(raw)
		if !ok {
			if id != "" || typ != "" {
				t.Fatalf("HintID(%q) = %q, %q, false", raw, id, typ)
			}
			return
		}
		if typ != "team" && typ != "person" {
			t.Fatalf("HintID(%q) type %q", raw, typ)
		}
		scheme, rest, _ := strings.Cut(id, ":")
		switch scheme {
		case "team":
			if !teamID.MatchString(rest) {
				t.Fatalf("HintID(%q) = %q: not a valid team id", raw, id)
			}
		case "person", "github-team", "github-user", "backstage":
			if rest == "" {
				t.Fatalf("HintID(%q) = %q", raw, id)
			}
		default:
			t.Fatalf("HintID(%q) = %q: unknown scheme", raw, id)
		}
	})
}
