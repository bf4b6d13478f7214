package planner

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// estate is a small cross-source estate around one Vault secret and one IAM
// role, with every kind of consumer the rule table distinguishes.
func estate() *graph.Graph {
	b := graph.NewBuilder()
	// Owners and their owned_by edges come as the owners file makes them.
	connector := func(test string, owners bool) string {
		if owners {
			return test
		}
		return "test"
	}
	n := func(id string, k graph.NodeKind, typ string, attrs map[string]string) {
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Name: id[strings.LastIndexAny(id, "/:#")+1:], Attrs: attrs,
			Evidence: []graph.Evidence{{Connector: connector("owners-file", k == graph.Owner), Source: "estate", Line: 1, Basis: graph.Declared}}})
	}
	e := func(from, to string, k graph.EdgeKind, attrs map[string]string) {
		b.AddEdge(graph.Edge{From: from, To: to, Kind: k, Attrs: attrs,
			Evidence: []graph.Evidence{{Connector: connector("link/owner-rules", k == graph.OwnedBy), Source: "estate", Line: 2, Basis: graph.Declared}}})
	}
	n("vault:secret/payments/db", graph.Credential, "vault-kv-secret", map[string]string{"tag.environment": "production"})
	n("gha:deploy", graph.Workload, "ci-job", nil)
	n("k8s:prod/payments/deployment/api", graph.Workload, "k8s-workload", nil)
	n("k8s:prod/payments/deployment/legacy", graph.Workload, "k8s-workload", nil)
	n("k8s:prod/payments/secret/db", graph.Credential, "k8s-secret", nil)
	n("k8s:prod/payments/cronjob/reconcile", graph.Workload, "k8s-workload", nil)
	n("gitlab:ledger/variables/DB_PASSWORD", graph.Credential, "ci-secret", nil)
	n("gitlab:ledger#migrate", graph.Workload, "ci-job", nil)
	n("host:batch-01/etc/cron.d/backup#3", graph.Workload, "cron-job", nil)
	n("host:batch-01", graph.Location, "host", nil)
	n("aws:schedule/nightly", graph.Workload, "eventbridge-schedule", nil)
	n("team:payments", graph.Owner, "team", map[string]string{"roles": "", "slack": "#payments"})
	n("team:security", graph.Owner, "team", map[string]string{"roles": "security"})
	n("team:sre", graph.Owner, "team", map[string]string{"roles": "incident-response,administrators"})
	n("team:platform", graph.Owner, "team", map[string]string{"roles": "platform,infrastructure"})
	n("team:iam", graph.Owner, "team", map[string]string{"roles": "iam"})
	e("gha:deploy", "vault:secret/payments/db", graph.Reads, nil)
	e("k8s:prod/payments/deployment/api", "vault:secret/payments/db", graph.Reads, map[string]string{"delivery": "per-run"})
	e("k8s:prod/payments/secret/db", "vault:secret/payments/db", graph.CopyOf, map[string]string{"synced_by": "k8s:prod/payments/externalsecret/db", "refresh_interval": "1h"})
	e("k8s:prod/payments/cronjob/reconcile", "k8s:prod/payments/secret/db", graph.Uses, nil)
	e("k8s:prod/payments/deployment/legacy", "vault:secret/payments/db", graph.Reads, nil)
	e("gitlab:ledger/variables/DB_PASSWORD", "vault:secret/payments/db", graph.CopyOf, nil)
	e("gitlab:ledger#migrate", "gitlab:ledger/variables/DB_PASSWORD", graph.Uses, nil)
	e("host:batch-01/etc/cron.d/backup#3", "vault:secret/payments/db", graph.Reads, nil)
	e("host:batch-01/etc/cron.d/backup#3", "host:batch-01", graph.PartOf, nil)
	e("aws:schedule/nightly", "gha:deploy", graph.Triggers, nil)
	e("vault:secret/payments/db", "team:payments", graph.OwnedBy, nil)
	e("gha:deploy", "team:payments", graph.OwnedBy, nil)
	e("host:batch-01", "team:sre", graph.OwnedBy, nil)

	// IAM: a role chain, a policy, a user with a key and its CI copy.
	n("arn:aws:iam::111122223333:role/deploy", graph.Identity, "aws-role", nil)
	n("arn:aws:iam::111122223333:role/base", graph.Identity, "aws-role", nil)
	n("arn:aws:iam::111122223333:policy/deploy", graph.Policy, "aws-managed-policy", nil)
	n("arn:aws:iam::aws:policy/AdministratorAccess", graph.Policy, "aws-managed-policy", nil)
	n("arn:aws:iam::111122223333:role/break-glass-admin", graph.Identity, "aws-role", nil)
	n("arn:aws:iam::111122223333:user/svc", graph.Identity, "aws-user", nil)
	n("aws-access-key:AKIAEXAMPLE", graph.Credential, "aws-access-key", map[string]string{"last_used": "2024-01-01T00:00:00Z"})
	n("gh:repo/secrets/AWS_ACCESS_KEY_ID", graph.Credential, "ci-secret", nil)
	n("gh:repo#legacy", graph.Workload, "ci-job", nil)
	e("gha:deploy", "arn:aws:iam::111122223333:role/deploy", graph.Assumes, nil)
	e("arn:aws:iam::111122223333:role/deploy", "arn:aws:iam::111122223333:role/base", graph.Assumes, nil)
	e("arn:aws:iam::111122223333:role/base", "arn:aws:iam::111122223333:role/deploy", graph.Assumes, nil) // a cycle
	e("arn:aws:iam::111122223333:role/deploy", "arn:aws:iam::111122223333:policy/deploy", graph.HasPolicy, nil)
	e("arn:aws:iam::111122223333:role/break-glass-admin", "arn:aws:iam::aws:policy/AdministratorAccess", graph.HasPolicy, nil)
	e("aws-access-key:AKIAEXAMPLE", "arn:aws:iam::111122223333:user/svc", graph.KeyOf, nil)
	e("gh:repo/secrets/AWS_ACCESS_KEY_ID", "aws-access-key:AKIAEXAMPLE", graph.CopyOf, nil)
	e("gh:repo#legacy", "gh:repo/secrets/AWS_ACCESS_KEY_ID", graph.Uses, nil)
	e("host:batch-01/etc/cron.d/backup#3", "aws-access-key:AKIAEXAMPLE", graph.Uses, nil)
	return b.Build()
}

func classes(p *Plan) map[string]Class {
	m := map[string]Class{}
	for _, im := range p.Impacted {
		m[im.Node.ID] = im.Class
	}
	return m
}

func plan(t *testing.T, g *graph.Graph, ch Change) *Plan {
	t.Helper()
	p, err := Make(g, ch, Options{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	checkPaths(t, g, p)
	return p
}

// checkPaths is the property every plan keeps: each impacted node's path is
// a real chain of edges of the graph, from the node to a target (or, for an
// orphan, from a target to the node).
func checkPaths(t *testing.T, g *graph.Graph, p *Plan) {
	t.Helper()
	targets := map[string]bool{}
	for _, n := range p.Targets {
		targets[n.ID] = true
		for _, e := range g.In(n.ID) { // rotated keys of an identity
			if e.Kind == graph.KeyOf {
				targets[e.From] = true
			}
		}
	}
	for _, im := range p.Impacted {
		if len(im.Path) == 0 {
			t.Errorf("%s has no path", im.Node.ID)
			continue
		}
		for i, e := range im.Path {
			if !slices.ContainsFunc(g.Out(e.From), func(x graph.Edge) bool { return x.Key() == e.Key() }) {
				t.Errorf("%s: path edge %s is not in the graph", im.Node.ID, e.Key())
			}
			if i > 0 && im.Path[i-1].To != e.From {
				t.Errorf("%s: path breaks between %s and %s", im.Node.ID, im.Path[i-1].Key(), e.Key())
			}
		}
		first, last := im.Path[0].From, im.Path[len(im.Path)-1].To
		if !(first == im.Node.ID && targets[last]) && !(targets[first] && last == im.Node.ID) {
			t.Errorf("%s: path %s does not join it to a target", im.Node.ID, first+" .. "+last)
		}
	}
}

func TestRotateVaultSecret(t *testing.T) {
	g := estate()
	p := plan(t, g, Change{Action: Rotate, Targets: []string{"secret/payments/db"}})
	want := map[string]Class{
		"gha:deploy":                          Auto,    // vault-action fetches per run
		"k8s:prod/payments/deployment/api":    Auto,    // Vault Agent re-renders
		"k8s:prod/payments/secret/db":         Auto,    // ESO re-syncs
		"k8s:prod/payments/cronjob/reconcile": Restart, // env from the synced Secret, read at start
		"k8s:prod/payments/deployment/legacy": Restart, // read at start
		"gitlab:ledger/variables/DB_PASSWORD": UpdateCopy,
		"gitlab:ledger#migrate":               Breaks, // until the copy is updated
		"host:batch-01/etc/cron.d/backup#3":   Auto,
		"aws:schedule/nightly":                Indirect,
	}
	if diff := cmp.Diff(want, classes(p)); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
	if p.Impacted[0].Class != Breaks {
		t.Errorf("worst class is not first: %v", p.Impacted[0].Class)
	}
	if p.Risk.Tier != High {
		t.Errorf("production secret with a breaking consumer: tier %s (%v)", p.Risk.Tier, p.Risk.Reasons)
	}
	var owners []string
	for _, im := range p.Impacted {
		if im.Node.ID == "host:batch-01/etc/cron.d/backup#3" {
			for _, o := range im.Owners {
				owners = append(owners, o.ID+" "+o.Via)
			}
		}
	}
	if diff := cmp.Diff([]string{"team:sre inherited through part_of host:batch-01 (owners-file)"}, owners); diff != "" {
		t.Errorf("inherited owner (-want +got):\n%s", diff)
	}
	roles := map[Role]bool{}
	for _, inv := range p.Invite {
		for _, r := range inv.Roles {
			roles[r] = true
		}
	}
	for _, r := range []Role{Security, IncidentResponse, Administrators, Platform, ApplicationOwner} {
		if !roles[r] {
			t.Errorf("high-risk invite lacks %s", r)
		}
	}
}

func TestRevokeFollowsRoleChainsAndCycles(t *testing.T) {
	p := plan(t, estate(), Change{Action: Revoke, Targets: []string{"role/base"}})
	want := map[string]Class{
		"arn:aws:iam::111122223333:role/deploy": Breaks,
		"gha:deploy":                            Breaks,
		"aws:schedule/nightly":                  Indirect,
	}
	if diff := cmp.Diff(want, classes(p)); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
}

func TestDisableKeyBreaksCopiesAndTheirConsumers(t *testing.T) {
	p := plan(t, estate(), Change{Action: Disable, Targets: []string{"aws-access-key:AKIAEXAMPLE"}})
	want := map[string]Class{
		"gh:repo/secrets/AWS_ACCESS_KEY_ID": Breaks,
		"gh:repo#legacy":                    Breaks,
		"host:batch-01/etc/cron.d/backup#3": Breaks,
	}
	if diff := cmp.Diff(want, classes(p)); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
}

func TestRotateIdentityRotatesItsKeys(t *testing.T) {
	p := plan(t, estate(), Change{Action: Rotate, Targets: []string{"user/svc"}})
	if c := classes(p); c["gh:repo/secrets/AWS_ACCESS_KEY_ID"] != UpdateCopy || c["gh:repo#legacy"] != Breaks || c["host:batch-01/etc/cron.d/backup#3"] != Breaks {
		t.Errorf("classes = %v", c)
	}
	if len(p.Notes) == 0 || !strings.Contains(p.Notes[0], "rotates its 1 key(s)") {
		t.Errorf("notes = %v", p.Notes)
	}
}

func TestModifyPolicyReachesHolders(t *testing.T) {
	p := plan(t, estate(), Change{Action: Modify, Targets: []string{"policy/deploy"}})
	c := classes(p)
	for _, id := range []string{"arn:aws:iam::111122223333:role/deploy", "arn:aws:iam::111122223333:role/base", "gha:deploy"} {
		if c[id] != MayBreak {
			t.Errorf("%s: %s, want may-break (all: %v)", id, c[id], c)
		}
	}
}

func TestModifyAdminPolicyIsHighRisk(t *testing.T) {
	p := plan(t, estate(), Change{Action: Modify, Targets: []string{"AdministratorAccess"}})
	if p.Risk.Tier != High || !strings.Contains(strings.Join(p.Risk.Reasons, ";"), "administrator") {
		t.Errorf("risk = %+v", p.Risk)
	}
}

func TestDecommissionReportsOrphans(t *testing.T) {
	p := plan(t, estate(), Change{Action: Decommission, Targets: []string{"gh:repo#legacy"}})
	want := map[string]Class{"gh:repo/secrets/AWS_ACCESS_KEY_ID": Orphaned}
	if diff := cmp.Diff(want, classes(p)); diff != "" {
		t.Errorf("classes (-want +got):\n%s", diff)
	}
	// The key still has the cron job as consumer: not orphaned.
	p = plan(t, estate(), Change{Action: Decommission, Targets: []string{"gha:deploy"}})
	c := classes(p)
	if c["aws:schedule/nightly"] != Indirect || c["arn:aws:iam::111122223333:role/deploy"] != Orphaned || c["arn:aws:iam::111122223333:role/base"] != Orphaned {
		t.Errorf("decommission deploy: %v", c)
	}
	if _, ok := c["vault:secret/payments/db"]; ok {
		t.Errorf("the Vault secret has other readers and is not orphaned")
	}
}

func TestLowRiskSmallGroup(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "policy:readonly-docs", Kind: graph.Policy, Type: "vault-policy"})
	b.AddNode(graph.Node{ID: "team:docs", Kind: graph.Owner, Type: "team"})
	b.AddNode(graph.Node{ID: "team:security", Kind: graph.Owner, Type: "team", Attrs: map[string]string{"roles": "security"}})
	b.AddNode(graph.Node{ID: "team:iam", Kind: graph.Owner, Type: "team", Attrs: map[string]string{"roles": "iam"}})
	b.AddEdge(graph.Edge{From: "policy:readonly-docs", To: "team:docs", Kind: graph.OwnedBy})
	p := plan(t, b.Build(), Change{Action: Modify, Targets: []string{"policy:readonly-docs"}})
	if p.Risk.Tier != Low {
		t.Errorf("tier %s %v", p.Risk.Tier, p.Risk.Reasons)
	}
	var who []string
	for _, inv := range p.Invite {
		who = append(who, inv.Owner)
	}
	if diff := cmp.Diff([]string{"team:iam", "team:docs"}, who); diff != "" {
		t.Errorf("low-risk invite (-want +got):\n%s", diff)
	}
}

func TestBadTargets(t *testing.T) {
	g := estate()
	var amb *graph.AmbiguousError
	if _, err := Make(g, Change{Action: Rotate, Targets: []string{"db"}}, Options{}); !errors.As(err, &amb) {
		t.Errorf("ambiguous: %v", err)
	}
	var nf *graph.NotFoundError
	if _, err := Make(g, Change{Action: Rotate, Targets: []string{"nope/nothing"}}, Options{}); !errors.As(err, &nf) {
		t.Errorf("unknown: %v", err)
	}
	if _, err := Make(g, Change{Action: Decommission, Targets: []string{"secret/payments/db"}}, Options{}); err == nil {
		t.Error("decommissioning a secret accepted")
	}
}

func TestWindowRuns(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "cred", Kind: graph.Credential})
	b.AddNode(graph.Node{ID: "job", Kind: graph.Workload, Type: "cron-job", Schedule: &graph.Schedule{Expr: "0 * * * *", Dialect: graph.Cron}})
	b.AddEdge(graph.Edge{From: "job", To: "cred", Kind: graph.Reads})
	start := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	hourly := func(s graph.Schedule, from, to time.Time, max int) ([]time.Time, *time.Time, []string, error) {
		var runs []time.Time
		t := from.Truncate(time.Hour)
		if t.Before(from) {
			t = t.Add(time.Hour)
		}
		for ; t.Before(to) && len(runs) < max; t = t.Add(time.Hour) {
			runs = append(runs, t)
		}
		return runs, &t, nil, nil
	}
	p, err := Make(b.Build(), Change{Action: Rotate, Targets: []string{"cred"}, Window: &Window{Start: start, Duration: 2 * time.Hour}}, Options{Runs: hourly})
	if err != nil {
		t.Fatal(err)
	}
	im := p.Impacted[0]
	if len(im.Runs) != 2 || !im.Runs[0].Equal(start) || im.NextRun == nil || !im.NextRun.Equal(start.Add(2*time.Hour)) {
		t.Errorf("runs %v next %v", im.Runs, im.NextRun)
	}
}

func TestParseWindowAndChangeFile(t *testing.T) {
	w, err := ParseWindow("2026-12-01T22:00Z/2h")
	if err != nil || w.Duration != 2*time.Hour || w.Start.Hour() != 22 {
		t.Errorf("window %v %v", w, err)
	}
	for _, bad := range []string{"tomorrow", "2026-12-01T22:00Z", "2026-12-01T22:00Z/-1h", "x/2h"} {
		if _, err := ParseWindow(bad); err == nil {
			t.Errorf("ParseWindow(%q) accepted", bad)
		}
	}
	ch, err := ParseChange("c.yaml", []byte("action: rotate\ntargets: [secret/payments/db, role/deploy]\nwindow: 2026-12-01T22:00Z/1d\nticket: CHG-1042\nnotes: quarterly rotation\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ch.Action != Rotate || len(ch.Targets) != 2 || ch.Window.Duration != 24*time.Hour || ch.Ticket != "CHG-1042" {
		t.Errorf("change = %+v", ch)
	}
	_, err = ParseChange("c.yaml", []byte("action: rotat\nwindow: soon\n"))
	for _, want := range []string{`c.yaml:1: unknown action "rotat"`, "c.yaml:1: no target", "c.yaml:2: window"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
	if _, err := ParseChange("c.yaml", []byte("action: rotate\ntarget: x\nticktet: 1\n")); err == nil || !strings.Contains(err.Error(), "ticktet") {
		t.Errorf("unknown key: %v", err)
	}
}

func TestStepTable(t *testing.T) {
	job := graph.Node{Type: "ci-job"}
	svc := graph.Node{Type: "k8s-workload"}
	vaultSecret := graph.Node{Type: "vault-kv-secret"}
	ciSecret := graph.Node{Type: "ci-secret"}
	k8sSecret := graph.Node{Type: "k8s-secret"}
	accessKey := graph.Node{Type: "aws-access-key"}
	tests := []struct {
		a     Action
		m     mode
		kind  graph.EdgeKind
		attrs map[string]string
		cons  graph.Node
		dep   graph.Node
		class Class
		ok    bool
	}{
		{Rotate, fresh, graph.Reads, nil, job, vaultSecret, Auto, true},
		{Rotate, fresh, graph.Reads, nil, svc, vaultSecret, Restart, true},
		{Rotate, fresh, graph.Reads, map[string]string{"delivery": "per-run"}, svc, vaultSecret, Auto, true},
		// Vault Agent re-renders, but the application re-reads only when
		// told to (agent-inject-command) or when a job starts new pods.
		{Rotate, fresh, graph.Reads, map[string]string{"via": "vault-agent"}, svc, vaultSecret, Restart, true},
		{Rotate, fresh, graph.Reads, map[string]string{"via": "vault-agent", "reload": "command"}, svc, vaultSecret, Auto, true},
		{Rotate, fresh, graph.Reads, map[string]string{"via": "vault-agent", "refresh": "start"}, graph.Node{Type: "k8s-workload", Attrs: map[string]string{"kind": "CronJob"}}, vaultSecret, Auto, true},
		// Env from a Secret keeps the old value until the pod restarts;
		// a CSI-synced Secret without rotation never updates by itself.
		{Rotate, fresh, graph.Uses, map[string]string{"via": "env"}, svc, k8sSecret, Restart, true},
		{Rotate, fresh, graph.CopyOf, map[string]string{"synced_by": "k8s:c/ns/secretproviderclass/db"}, k8sSecret, vaultSecret, Restart, true},
		{Rotate, fresh, graph.CopyOf, map[string]string{"synced_by": "k8s:c/ns/secretproviderclass/db", "rotation": "true"}, k8sSecret, vaultSecret, Auto, true},
		{Rotate, fresh, graph.Reads, map[string]string{"via": "vault-agent", "refresh": "start"}, svc, vaultSecret, Restart, true},
		{Rotate, fresh, graph.Uses, nil, graph.Node{Type: "k8s-workload", Attrs: map[string]string{"kind": "CronJob"}}, k8sSecret, Auto, true},
		{Rotate, fresh, graph.Uses, map[string]string{"delivery": "at-start"}, job, ciSecret, Restart, true},
		{Rotate, fresh, graph.Uses, nil, job, ciSecret, Auto, true},
		{Rotate, fresh, graph.Uses, nil, job, accessKey, Breaks, true},
		{Rotate, fresh, graph.CopyOf, nil, ciSecret, vaultSecret, UpdateCopy, true},
		{Rotate, fresh, graph.CopyOf, map[string]string{"refresh_interval": "1h"}, k8sSecret, vaultSecret, Auto, true},
		{Rotate, stale, graph.Uses, nil, job, ciSecret, Breaks, true},
		{Rotate, stale, graph.CopyOf, map[string]string{"refresh_interval": "1h"}, k8sSecret, ciSecret, UpdateCopy, true},
		{Rotate, fresh, graph.Grants, nil, graph.Node{}, vaultSecret, "", false},
		{Rotate, fresh, graph.KeyOf, nil, graph.Node{}, graph.Node{}, "", false},
		{Revoke, lost, graph.Assumes, nil, job, graph.Node{}, Breaks, true},
		{Delete, lost, graph.AuthenticatesAs, nil, job, graph.Node{}, Breaks, true},
		{Disable, lost, graph.OwnedBy, nil, job, graph.Node{}, "", false},
		{Revoke, lost, graph.HasPolicy, nil, job, graph.Node{}, MayBreak, true},
		{Modify, loosened, graph.HasPolicy, nil, job, graph.Node{}, MayBreak, true},
		{Modify, loosened, graph.Reads, nil, job, graph.Node{}, "", false},
		{Rotate, affected, graph.Reads, nil, job, graph.Node{}, "", false},
		{Revoke, lost, graph.Triggers, nil, job, graph.Node{}, Indirect, true},
		{Rotate, affected, graph.DependsOn, nil, svc, graph.Node{}, Indirect, true},
		{Revoke, lost, graph.Assumes, nil, graph.Node{Type: "aws-oidc-provider"}, graph.Node{}, Breaks, true},
		{Revoke, lost, graph.Assumes, nil, graph.Node{Type: "aws-account-root"}, graph.Node{}, Breaks, true},
		{Modify, loosened, graph.Assumes, nil, graph.Node{Type: "aws-service"}, graph.Node{}, MayBreak, true},
		{Revoke, lost, graph.PartOf, nil, graph.Node{Type: "aws-account-root"}, graph.Node{}, "", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d/%s", tt.a, tt.m, tt.kind), func(t *testing.T) {
			class, _, ok := step(tt.a, tt.m, graph.Edge{Kind: tt.kind, Attrs: tt.attrs}, tt.cons, tt.dep)
			if class != tt.class || ok != tt.ok {
				t.Errorf("step = %s %v, want %s %v", class, ok, tt.class, tt.ok)
			}
		})
	}
}

func TestConfiguredTiers(t *testing.T) {
	g := estate()
	ch := Change{Action: Revoke, Targets: []string{"role/base"}}
	p, err := Make(g, ch, Options{Tiers: Tiers{WideBlastRadius: 2, Invite: map[Tier][]Role{High: {Security}}}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Risk.Tier != High || !strings.Contains(strings.Join(p.Risk.Reasons, ";"), "wide blast radius: 3 nodes") {
		t.Errorf("risk = %+v", p.Risk)
	}
	roles := map[Role]bool{}
	for _, inv := range p.Invite {
		for _, r := range inv.Roles {
			roles[r] = true
		}
	}
	if !roles[Security] || roles[IncidentResponse] || roles[Administrators] {
		t.Errorf("configured high tier invites %v", roles)
	}
}
