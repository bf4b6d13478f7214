package verify

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// after is an estate after a change window (2026-12-01 22:00 to 02:00).
func after() *graph.Graph {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "estate", Line: 1, Basis: graph.Declared}}
	n := func(id, typ string, attrs map[string]string) {
		b.AddNode(graph.Node{ID: id, Kind: graph.Credential, Type: typ, Attrs: attrs, Evidence: ev})
	}
	n("vault:secret/db", "vault-kv-secret", map[string]string{"current_version": "4", "updated_time": "2026-12-01T22:05:00Z"})
	n("gh/secrets/DB", "ci-secret", map[string]string{"updated_at": "2026-11-01T00:00:00Z"})
	n("gl/variables/DB", "ci-secret", nil)
	n("key:OLD", "aws-access-key", map[string]string{"status": "Active"})
	n("key:NEW", "aws-access-key", map[string]string{"created": "2026-12-01T22:01:00Z"})
	b.AddNode(graph.Node{ID: "user:svc", Kind: graph.Identity, Type: "aws-user", Evidence: ev})
	b.AddNode(graph.Node{ID: "job", Kind: graph.Workload, Type: "cron-job", Evidence: ev})
	b.AddNode(graph.Node{ID: "client", Kind: graph.Workload, Type: "observed-client", Evidence: ev})
	b.AddEdge(graph.Edge{From: "key:OLD", To: "user:svc", Kind: graph.KeyOf, Evidence: ev})
	b.AddEdge(graph.Edge{From: "key:NEW", To: "user:svc", Kind: graph.KeyOf, Evidence: ev})
	b.AddEdge(graph.Edge{From: "job", To: "gh/secrets/DB", Kind: graph.Uses, Evidence: ev})
	b.AddEdge(graph.Edge{From: "gh/secrets/DB", To: "key:OLD", Kind: graph.CopyOf, Evidence: ev})
	b.AddEdge(graph.Edge{From: "client", To: "key:OLD", Kind: graph.Uses, Evidence: []graph.Evidence{{Connector: "cloudtrail", Source: "trail", Basis: graph.Observed,
		Observed: &graph.Observation{FirstSeen: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), LastSeen: time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC), Count: 9, Sources: []string{"198.51.100.23"}}}}})
	return b.Build()
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		want Status
	}{
		{"KV version moved on", Spec{Fact: "updated", Node: "vault:secret/db", Attr: "current_version", Was: "3"}, Done},
		{"KV version unchanged", Spec{Fact: "updated", Node: "vault:secret/db", Attr: "current_version", Was: "4"}, NotDone},
		{"copy updated before the window", Spec{Fact: "updated", Node: "gh/secrets/DB", Attr: "updated_at", Was: "2026-11-01T00:00:00Z"}, NotDone},
		{"copy with no update time", Spec{Fact: "updated", Node: "gl/variables/DB"}, Unknown},
		{"copy not in the scan", Spec{Fact: "updated", Node: "gone"}, Unknown},
		{"a new key", Spec{Fact: "new-key", Node: "user:svc", Was: "key:OLD"}, Done},
		{"no new key", Spec{Fact: "new-key", Node: "user:svc", Was: "key:NEW,key:OLD"}, NotDone},
		{"old key still active", Spec{Fact: "inactive", Node: "key:OLD"}, NotDone},
		{"deleted counts as inactive", Spec{Fact: "inactive", Node: "key:GONE"}, Done},
		{"orphan still present", Spec{Fact: "absent", Node: "gl/variables/DB"}, NotDone},
		{"consumer still configured for the old key", Spec{Fact: "unreferenced", Node: "job", Target: "key:OLD"}, NotDone},
		{"consumer moved", Spec{Fact: "unreferenced", Node: "job", Target: "key:NEW"}, Done},
		{"old key used after the window", Spec{Fact: "old-unused", Target: "key:OLD"}, NotDone},
		{"no audit data", Spec{Fact: "old-unused", Target: "key:NEW"}, Unknown},
		{"cannot be verified", Spec{Fact: "none", Text: "no data"}, Unknown},
	}
	c := checker{g: after(), start: time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC), end: time.Date(2026, 12, 2, 2, 0, 0, 0, time.UTC)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ev := c.check(tt.spec)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("status (-want +got):\n%s\nevidence: %v", diff, ev)
			}
			if len(ev) == 0 {
				t.Error("no evidence")
			}
		})
	}
}

func TestReadPlan(t *testing.T) {
	tests := []struct {
		name, doc, err string
	}{
		{"not JSON", "steps:", "not a plan document"},
		{"another format", `{"format":"convene-graph"}`, "is not convene-plan"},
		{"no steps", `{"format":"convene-plan","steps":[]}`, "has no steps"},
		{"ok", `{"format":"convene-plan","steps":[{"order":1,"kind":"change","verify":{"fact":"none"}}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPlan(strings.NewReader(tt.doc), "plan.json")
			if (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
				t.Errorf("err = %v, want %q", err, tt.err)
			}
		})
	}
}

func FuzzReadPlan(f *testing.F) {
	f.Add([]byte(`{"format":"convene-plan","change":{"window_start":"2026-12-01T22:00:00Z"},"steps":[{"order":1,"verify":{"fact":"updated","node":"x"}}]}`))
	f.Add([]byte(`{"format":"convene-plan","steps":[{"verify":{"fact":"old-unused","target":"k"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadPlan(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			return
		}
		r := Check(after(), p, "fuzz")
		for _, format := range Formats {
			if err := Write(&bytes.Buffer{}, format, r); err != nil {
				t.Fatal(err)
			}
		}
	})
}
