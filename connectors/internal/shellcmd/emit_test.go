package shellcmd

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestHostRel(t *testing.T) {
	for _, tc := range []struct{ root, file, want string }{
		{"hosts/b1", "hosts/b1/etc/cron.d/x", "etc/cron.d/x"},
		{"/", "/etc/crontab", "etc/crontab"},
		{".", "etc/crontab", "etc/crontab"},
		{".", "./etc/crontab", "etc/crontab"},
		{"/srv/copy", "/srv/copy/var/spool/cron/crontabs/alice", "var/spool/cron/crontabs/alice"},
		{"/srv/copy", "/elsewhere/unit.service", "unit.service"}, // outside the tree: no machine path
		{".", "../up/unit.service", "unit.service"},
	} {
		if got := (Host{Root: tc.root, Name: "h"}).Rel(tc.file); got != tc.want {
			t.Errorf("Host{Root: %q}.Rel(%q) = %q, want %q", tc.root, tc.file, got, tc.want)
		}
	}
}

// TestEmitInlineSecretRecords checks that inline secrets become the shared
// record, named by the host-relative file (or the consumer's File) and the
// line they were emitted at, and that the value is not kept.
func TestEmitInlineSecretRecords(t *testing.T) {
	const value = "Lit3ral-pa55word"
	host := Host{Root: "/srv/copy", Name: "b1"}
	for name, tc := range map[string]struct {
		c    Consumer
		want string
	}{
		"host file":        {Consumer{ID: "job", Host: host, Source: "/srv/copy/etc/cron.d/x"}, "etc/cron.d/x"},
		"file given":       {Consumer{ID: "job", Source: "/srv/repo/k8s/a.yaml", File: "k8s/a.yaml"}, "k8s/a.yaml"},
		"no host, no file": {Consumer{ID: "job", Source: "a.yaml"}, "a.yaml"},
	} {
		t.Run(name, func(t *testing.T) {
			s := Sink{B: graph.NewBuilder()}
			facts := Scan("PGPASSWORD=" + value + " psql")
			s.Emit(tc.c, facts, 4)
			s.Emit(tc.c, facts, 4) // the same record twice is kept once
			s.Emit(tc.c, Scan("API_TOKEN=0ther-s3cret-val"), 2)
			want := []graph.InlineSecret{
				{Key: "PGPASSWORD", Fingerprint: Fingerprint(value), File: tc.want, Line: 4},
				{Key: "API_TOKEN", Fingerprint: Fingerprint("0ther-s3cret-val"), File: tc.want, Line: 2},
			}
			got := graph.DecodeInlineSecrets(s.Attrs[graph.AttrHardcodedCredentials])
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			for k, v := range s.Attrs {
				if k != graph.AttrHardcodedCredentials && v != "" && (strings.Contains(v, value) || strings.HasPrefix(k, "inline_secret")) {
					t.Errorf("attribute %s=%s", k, v)
				}
			}
		})
	}
}

func TestSplitSecrets(t *testing.T) {
	rest, secrets := SplitSecrets(Scan("AWS_PROFILE=deploy DB_PASSWORD=Lit3ral-pa55word aws s3 ls"))
	for _, f := range rest {
		if f.Kind == InlineSecret {
			t.Errorf("rest holds %+v", f)
		}
	}
	if len(secrets) != 1 || secrets[0].Name != "DB_PASSWORD" || len(rest) == 0 {
		t.Errorf("SplitSecrets = %+v, %+v", rest, secrets)
	}
}
