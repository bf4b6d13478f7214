package planner

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// stepLines renders steps compactly: order, kind, first node, prerequisites.
func stepLines(ss []Step) []string {
	var out []string
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%d %s %s after%v %s", s.Order, s.Kind, s.Nodes[0], s.After, s.Verify.Fact))
	}
	return out
}

func TestSteps(t *testing.T) {
	g := estate()
	tests := []struct {
		name string
		ch   Change
		want []string
	}{
		{"rotate: copies and restarts before confirm, retire last",
			Change{Action: Rotate, Targets: []string{"vault:secret/payments/db"}},
			[]string{
				"1 create vault:secret/payments/db after[] updated",
				"2 update-copy gitlab:ledger/variables/DB_PASSWORD after[1] updated",
				"3 restart k8s:prod/payments/deployment/legacy after[1] none",
				"4 wait k8s:prod/payments/secret/db after[1] updated",
				"5 restart k8s:prod/payments/cronjob/reconcile after[1 4] none",
				"6 confirm vault:secret/payments/db after[1 2 3 4 5] old-unused",
				"7 retire vault:secret/payments/db after[6] none",
			}},
		{"rotate a key: second key, its own copies, deactivate",
			Change{Action: Rotate, Targets: []string{"aws-access-key:AKIAEXAMPLE"}},
			[]string{
				"1 create aws-access-key:AKIAEXAMPLE after[] new-key",
				"2 update-copy host:batch-01/etc/cron.d/backup#3 after[1] unreferenced",
				"3 update-copy gh:repo/secrets/AWS_ACCESS_KEY_ID after[1] updated",
				"4 confirm aws-access-key:AKIAEXAMPLE after[1 2 3] old-unused",
				"5 retire aws-access-key:AKIAEXAMPLE after[4] inactive",
			}},
		{"disable: every consumer moves before the key, the copy goes after",
			Change{Action: Disable, Targets: []string{"aws-access-key:AKIAEXAMPLE"}},
			[]string{
				"1 move host:batch-01/etc/cron.d/backup#3 after[] unreferenced",
				"2 move gh:repo#legacy after[] unreferenced",
				"3 change aws-access-key:AKIAEXAMPLE after[1 2] inactive",
				"4 cleanup gh:repo/secrets/AWS_ACCESS_KEY_ID after[1 2 3] absent",
			}},
		{"decommission: the workload, then what it leaves orphaned",
			Change{Action: Decommission, Targets: []string{"gh:repo#legacy"}},
			[]string{
				"1 change gh:repo#legacy after[] absent",
				"2 cleanup gh:repo/secrets/AWS_ACCESS_KEY_ID after[1] absent",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plan(t, g, tt.ch)
			if diff := cmp.Diff(tt.want, stepLines(p.Steps)); diff != "" {
				t.Errorf("steps (-want +got):\n%s", diff)
			}
			// Every prerequisite comes earlier.
			for _, s := range p.Steps {
				for _, a := range s.After {
					if a >= s.Order {
						t.Errorf("step %d comes after its prerequisite %d", s.Order, a)
					}
				}
			}
		})
	}
}

// TestStepOwnerFallback: a consumer with no owner gets the owners of what
// changes, marked as such, so someone chases it.
func TestStepOwnerFallback(t *testing.T) {
	p := plan(t, estate(), Change{Action: Rotate, Targets: []string{"vault:secret/payments/db"}})
	i := slices.IndexFunc(p.Steps, func(s Step) bool { return s.Kind == StepRestart })
	if i < 0 {
		t.Fatal("no restart step")
	}
	s := p.Steps[i]
	if !s.OwnerFallback || len(s.Owners) != 1 || s.Owners[0].ID != "team:payments" {
		t.Errorf("restart of an unowned consumer: owners %v fallback %v, want team:payments as fallback", s.Owners, s.OwnerFallback)
	}
}

// TestDisableKeyObservedClient: a key used by a cron job and, as only an
// audit log shows, by an unknown client: both move before the key is
// disabled, the client (no owner) under the key's owner, with when and
// from where it was seen.
func TestDisableKeyObservedClient(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "estate", Line: 1, Basis: graph.Declared}}
	b.AddNode(graph.Node{ID: "key", Kind: graph.Credential, Type: "aws-access-key", Evidence: ev})
	b.AddNode(graph.Node{ID: "user", Kind: graph.Identity, Type: "aws-user", Evidence: ev})
	b.AddNode(graph.Node{ID: "cron", Kind: graph.Workload, Type: "cron-job", Evidence: ev})
	b.AddNode(graph.Node{ID: "client", Kind: graph.Workload, Type: "observed-client", Evidence: ev})
	b.AddNode(graph.Node{ID: "team:data", Kind: graph.Owner, Type: "team", Evidence: ev})
	b.AddNode(graph.Node{ID: "team:iam", Kind: graph.Owner, Type: "team", Evidence: ev})
	b.AddEdge(graph.Edge{From: "key", To: "user", Kind: graph.KeyOf, Evidence: ev})
	b.AddEdge(graph.Edge{From: "cron", To: "key", Kind: graph.Uses, Evidence: ev})
	b.AddEdge(graph.Edge{From: "client", To: "key", Kind: graph.Uses, Evidence: []graph.Evidence{{Connector: "cloudtrail", Source: "trail", Basis: graph.Observed,
		Observed: &graph.Observation{FirstSeen: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), LastSeen: time.Date(2026, 11, 28, 3, 10, 0, 0, time.UTC), Count: 31, Sources: []string{"198.51.100.23"}}}}})
	b.AddEdge(graph.Edge{From: "cron", To: "team:data", Kind: graph.OwnedBy, Evidence: ev})
	b.AddEdge(graph.Edge{From: "user", To: "team:iam", Kind: graph.OwnedBy, Evidence: ev})
	p := plan(t, b.Build(), Change{Action: Disable, Targets: []string{"key"}})
	var got []string
	for _, s := range p.Steps {
		var owners []string
		for _, o := range s.Owners {
			owners = append(owners, o.ID)
		}
		got = append(got, fmt.Sprintf("%d %s %v fallback=%v after%v: %s", s.Order, s.Kind, owners, s.OwnerFallback, s.After, s.Action))
	}
	want := []string{
		"1 move [team:iam] fallback=true after[]: Move client (observed-client) off key (seen in cloudtrail: 31 uses until 2026-11-28 03:10 UTC, from 198.51.100.23); the graph knows no replacement: the owner names one, or retires client",
		"2 move [team:data] fallback=false after[]: Move cron (cron-job) off key; the graph knows no replacement: the owner names one, or retires cron",
		"3 change [team:iam] fallback=false after[1 2]: Disable key",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("steps (-want +got):\n%s", diff)
	}
}
