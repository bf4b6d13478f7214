package cron

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMailTo: the mailto attribute keeps addresses and mailbox names, and
// nothing else a MAILTO line might hold.
func TestMailTo(t *testing.T) {
	for in, want := range map[string]string{
		"ops@example.com":                      "ops@example.com",
		"ops@example.com, dba@example.com":     "ops@example.com,dba@example.com",
		"root":                                 "root",
		"":                                     "",
		"$(cat /etc/secret)":                   "",
		"Ops Team <ops@example.com>":           "ops@example.com",
		"ops dba":                              "",
		"ops@example.com,https://x.example/?a": "ops@example.com",
	} {
		if got := mailTo(in); got != want {
			t.Errorf("mailTo(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMailToAttribute: a job carries the MAILTO above it; a job with an
// empty MAILTO (mail off) carries none.
func TestMailToAttribute(t *testing.T) {
	f := Parse([]byte("MAILTO=ops@example.com\n0 1 * * * root /bin/a\nMAILTO=\"\"\n0 2 * * * root /bin/b\n"), System, "")
	var got []string
	for _, e := range f.Entries {
		for _, v := range e.Env {
			if v.Name == "MAILTO" {
				got = append(got, mailTo(v.envValue()))
			}
		}
	}
	if diff := cmp.Diff([]string{"ops@example.com", ""}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func FuzzMailTo(f *testing.F) {
	for _, s := range []string{"ops@example.com", "a,b c", "root", "\"x\"", "a@b.c,,d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		out := mailTo(v)
		if out == "" {
			return
		}
		for _, a := range strings.Split(out, ",") {
			if !mailbox.MatchString(a) || !strings.Contains(v, a) {
				t.Fatalf("mailTo(%q) kept %q", v, a)
			}
		}
	})
}
