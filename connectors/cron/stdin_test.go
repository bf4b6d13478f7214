package cron

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
	"github.com/convene-dev/convene/connectors/internal/shellcmd"
	"github.com/convene-dev/convene/graph"
)

// TestStdinSecret: the text after cron's % is the command's standard
// input; it is an inline secret when the command reads a secret there
// (shellcmd.StdinSecret), and only a fingerprint (stdin) otherwise. The
// record holds the fingerprint of the whole input, never the text.
func TestStdinSecret(t *testing.T) {
	const tab = "# jobs fed on standard input\n" +
		"0 1 * * * root docker login -u ci --password-stdin registry.example.com%fake-registry-pass\n" +
		"0 2 * * * root /usr/sbin/chpasswd%svc-backup:fake-chpasswd-pass\n" +
		"0 3 * * * root mail -s report ops%Hello,%fake-mail-body\n" +
		"0 4 * * * root echo fake-piped-pass | docker login --password-stdin r.example%fake-ignored-input\n" +
		"0 5 * * * root docker login --password-stdin r.example\n"
	b := graph.NewBuilder()
	e := emitter{b: b, host: shellcmd.Host{Root: "h", Name: "h", NameSource: "folder"}, file: "h/etc/cron.d/stdin", onHost: "/etc/cron.d/stdin"}
	e.read([]byte(tab), source{kind: System})
	g := b.Build()
	var got []secretlit.Record
	stdin := map[int]bool{}
	for _, n := range g.Nodes() {
		got = append(got, graph.DecodeInlineSecrets(n.Attrs[graph.AttrHardcodedCredentials])...)
		if n.Attrs["stdin"] != "" {
			stdin[n.Evidence[0].Line] = true
		}
	}
	want := []secretlit.Record{
		{Key: "stdin: docker login --password-stdin", Fingerprint: secretlit.Fingerprint("fake-registry-pass"), File: "etc/cron.d/stdin", Line: 2},
		{Key: "stdin: chpasswd", Fingerprint: secretlit.Fingerprint("svc-backup:fake-chpasswd-pass"), File: "etc/cron.d/stdin", Line: 3},
		// The pipe feeds docker login, not cron's input: the echoed
		// literal is the secret (shellcmd), the % text only a fingerprint.
		{Key: "stdin: docker login --password-stdin", Fingerprint: secretlit.Fingerprint("fake-piped-pass"), File: "etc/cron.d/stdin", Line: 5},
	}
	sortRecs := cmpopts.SortSlices(func(a, b secretlit.Record) bool { return a.Line < b.Line })
	if diff := cmp.Diff(want, got, sortRecs); diff != "" {
		t.Errorf("inline-secret records (-want +got):\n%s", diff)
	}
	// Every job with an input keeps its fingerprint.
	if diff := cmp.Diff(map[int]bool{2: true, 3: true, 4: true, 5: true}, stdin); diff != "" {
		t.Errorf("jobs with a stdin fingerprint, by line (-want +got):\n%s", diff)
	}
	if s := g.String(); strings.Contains(s, "fake-") {
		t.Errorf("a stdin or piped value reached the graph:\n%s", s)
	}
}
