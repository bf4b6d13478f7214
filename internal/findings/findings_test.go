package findings

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/graph"
)

var now = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// g builds a graph from a compact description: nodes as ID|kind|type and
// attributes k=v, edges as FROM>kind>TO with attributes.
type fixture struct {
	nodes []string
	edges []string
}

func (f fixture) build() *graph.Graph {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "fixture.yaml", Line: 1, Basis: graph.Declared}}
	for _, spec := range f.nodes {
		parts := strings.Split(spec, "|")
		n := graph.Node{ID: parts[0], Kind: graph.NodeKind(parts[1]), Type: parts[2], Evidence: ev, Attrs: map[string]string{}}
		if i := strings.LastIndexAny(n.ID, "/:"); i >= 0 {
			n.Name = n.ID[i+1:]
		}
		for _, kv := range parts[3:] {
			k, v, _ := strings.Cut(kv, "=")
			if k == "schedule" {
				n.Schedule = &graph.Schedule{Expr: v, Dialect: graph.Cron}
				continue
			}
			n.Attrs[k] = v
		}
		b.AddNode(n)
	}
	for _, spec := range f.edges {
		parts := strings.Split(spec, "|")
		ft := strings.Split(parts[0], ">")
		e := graph.Edge{From: ft[0], Kind: graph.EdgeKind(ft[1]), To: ft[2], Evidence: ev, Attrs: map[string]string{}}
		for _, kv := range parts[1:] {
			k, v, _ := strings.Cut(kv, "=")
			if k == "observed" { // observed=CONNECTOR:FIRST..LAST, dates
				e.Evidence = []graph.Evidence{observedEvidence(v)}
				continue
			}
			e.Attrs[k] = v
		}
		b.AddEdge(e)
	}
	return b.Build()
}

func count(t *testing.T, g *graph.Graph, rule string) int {
	t.Helper()
	checkEveryScope(t, g)
	r, err := Run(context.Background(), g, Thresholds{Now: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range r.Findings {
		if f.RuleID == rule {
			n++
			if len(f.Evidence) == 0 || f.Message == "" {
				t.Errorf("%s finding without evidence or message: %+v", rule, f)
			}
		}
	}
	return n
}

const team = "team:x|owner|team"

func TestRulesPositiveAndNegative(t *testing.T) {
	tests := []struct {
		rule     string
		positive fixture
		negative fixture
	}{
		{"NHI-CI-STATIC-KEY",
			fixture{[]string{"job|workload|ci-job", "repo/secrets/AWS_ACCESS_KEY_ID|credential|ci-secret"}, []string{"job>uses>repo/secrets/AWS_ACCESS_KEY_ID|aws_access_key=true"}},
			fixture{[]string{"job|workload|ci-job", "repo/secrets/NPM_TOKEN|credential|ci-secret"}, []string{"job>uses>repo/secrets/NPM_TOKEN"}}},
		{"NHI-OIDC-NO-SUB",
			fixture{[]string{"oidc|identity|aws-oidc-provider", "role|identity|aws-role"}, []string{"oidc>assumes>role|oidc_sub_condition=none"}},
			fixture{[]string{"oidc|identity|aws-oidc-provider", "role|identity|aws-role"}, []string{"oidc>assumes>role|oidc_sub_condition=exact|condition.sub=repo:o/r:ref:refs/heads/main"}}},
		{"NHI-SCHEDULED-STATIC-CRED",
			fixture{[]string{"cron|workload|cron-job", "aws-access-key:AKIA1|credential|aws-access-key"}, []string{"cron>uses>aws-access-key:AKIA1"}},
			fixture{[]string{"cron|workload|cron-job", "vault:secret/x|credential|vault-kv-secret"}, []string{"cron>reads>vault:secret/x"}}},
		{"NHI-KEY-OLD",
			fixture{[]string{"aws-access-key:AKIA1|credential|aws-access-key|status=Active|created=2025-01-01T00:00:00Z"}, nil},
			fixture{[]string{"aws-access-key:AKIA1|credential|aws-access-key|status=Inactive|created=2025-01-01T00:00:00Z", "aws-access-key:AKIA2|credential|aws-access-key|status=Active|created=2026-11-01T00:00:00Z"}, nil}},
		{"NHI-NO-ROTATION",
			fixture{[]string{"arn:s|credential|aws-secret|rotation_enabled=false", "vault:database/static-roles/app|credential|vault-dynamic-role"}, nil},
			fixture{[]string{"arn:s|credential|aws-secret|rotation_enabled=true", "vault:database/static-roles/app|credential|vault-dynamic-role|rotation_period=86400"}, nil}},
		{"NHI-UNOWNED",
			fixture{[]string{"role|identity|aws-role", team}, nil},
			fixture{[]string{"role|identity|aws-role", "job|workload|ci-job", "repo|location|git-repo", "repo/secrets/X|credential|ci-secret", team},
				[]string{"role>owned_by>team:x", "repo/secrets/X>part_of>repo", "repo>owned_by>team:x"}}},
		{"NHI-UNUSED",
			fixture{[]string{"role|identity|aws-role|last_used=2025-01-01T00:00:00Z", "aws-access-key:AKIA1|credential|aws-access-key|last_used=never"}, nil},
			fixture{[]string{"role|identity|aws-role|last_used=2026-11-20T00:00:00Z", "role2|identity|aws-role"}, nil}},
		{"NHI-SHARED",
			fixture{[]string{"vault:secret/db|credential|vault-kv-secret", "a|workload|ci-job", "b|workload|cron-job", "repo|location|git-repo", "host:h|location|host"},
				[]string{"a>reads>vault:secret/db", "b>reads>vault:secret/db", "a>part_of>repo", "b>part_of>host:h"}},
			fixture{[]string{"vault:secret/db|credential|vault-kv-secret", "a|workload|ci-job", "b|workload|ci-job", "repo|location|git-repo"},
				[]string{"a>reads>vault:secret/db", "b>reads>vault:secret/db", "a>part_of>repo", "b>part_of>repo"}}},
		{"NHI-ADMIN",
			fixture{[]string{"role|identity|aws-role", "arn:aws:iam::aws:policy/AdministratorAccess|policy|aws-managed-policy"}, []string{"role>has_policy>arn:aws:iam::aws:policy/AdministratorAccess"}},
			fixture{[]string{"role|identity|aws-role", "arn:aws:iam::aws:policy/ReadOnlyAccess|policy|aws-managed-policy"}, []string{"role>has_policy>arn:aws:iam::aws:policy/ReadOnlyAccess"}}},
		{"NHI-BREAK-GLASS",
			fixture{[]string{"arn:aws:iam::1:role/break-glass-admin|identity|aws-role"}, nil},
			fixture{[]string{"arn:aws:iam::1:role/break-glass-admin|identity|aws-role|tag.runbook=https://wiki/bg|last_used=2025-06-01T00:00:00Z", team}, []string{"arn:aws:iam::1:role/break-glass-admin>owned_by>team:x"}}},
		{"NHI-EXTERNAL-TRUST",
			fixture{[]string{"aws-account:111122223333|location|aws-account", "arn:aws:iam::999988887777:root|identity|aws-account-root", "arn:aws:iam::111122223333:role/vendor|identity|aws-role"},
				[]string{"arn:aws:iam::999988887777:root>assumes>arn:aws:iam::111122223333:role/vendor"}},
			fixture{[]string{"aws-account:111122223333|location|aws-account", "arn:aws:iam::111122223333:root|identity|aws-account-root", "arn:aws:iam::111122223333:role/ops|identity|aws-role", "aws-service:lambda.amazonaws.com|identity|aws-service"},
				[]string{"arn:aws:iam::111122223333:root>assumes>arn:aws:iam::111122223333:role/ops", "aws-service:lambda.amazonaws.com>assumes>arn:aws:iam::111122223333:role/ops"}}},
		{"NHI-INLINE-SECRET",
			fixture{[]string{`cron|workload|cron-job|hardcoded_credentials=[{"key":"PGPASSWORD","fingerprint":"sha256:967d77e93e82","file":"etc/cron.d/x","line":3}]`,
				`wf|workload|ci-workflow|hardcoded_credentials=[{"key":"TOKEN","fingerprint":"sha256:0123456789ab","file":".github/workflows/ci.yml","line":9}]`}, nil},
			// Only records count: names that look like a secret's are not read.
			fixture{[]string{"job|workload|ci-job|env=PROD|inline_secret_fingerprint=sha256:0123456789ab", "cron|workload|cron-job|inline_secret.PGPASSWORD=sha256:967d77e93e82",
				`wf|workload|ci-workflow|hardcoded_credentials=[{"key":"TOKEN"}]`}, nil}},
		{"NHI-HIDDEN-CONSUMER",
			fixture{[]string{"observed-client:k|workload|observed-client", "aws-access-key:AKIA1|credential|aws-access-key"}, []string{"observed-client:k>uses>aws-access-key:AKIA1|observed=cloudtrail:2026-11-01..2026-11-20"}},
			fixture{[]string{"job|workload|cron-job", "aws-access-key:AKIA1|credential|aws-access-key"}, []string{"job>uses>aws-access-key:AKIA1|observed=cloudtrail:2026-11-01..2026-11-20"}}},
		{"NHI-CONFIGURED-UNUSED",
			fixture{[]string{"job|workload|cron-job", "other|workload|cron-job", "vault:secret/a|credential|vault-kv-secret", "vault:secret/b|credential|vault-kv-secret"},
				[]string{"job>reads>vault:secret/a", "other>reads>vault:secret/b|observed=vault-audit:2026-09-01..2026-11-20"}},
			fixture{[]string{"job|workload|cron-job", "other|workload|cron-job", "vault:secret/a|credential|vault-kv-secret", "vault:secret/b|credential|vault-kv-secret"},
				[]string{"job>reads>vault:secret/a", "other>reads>vault:secret/b|observed=vault-audit:2026-11-10..2026-11-20"}}},
		{"NHI-KEY-UNKNOWN-HOST",
			fixture{[]string{"observed-client:k|workload|observed-client|addresses=203.0.113.77", "aws-access-key:AKIA1|credential|aws-access-key"}, []string{"observed-client:k>uses>aws-access-key:AKIA1"}},
			fixture{[]string{"observed-client:k|workload|observed-client|addresses=10.0.0.5|host=host:batch-01", "aws-access-key:AKIA1|credential|aws-access-key"}, []string{"observed-client:k>uses>aws-access-key:AKIA1"}}},
		{"NHI-OIDC-WILDCARD-USED",
			fixture{[]string{"observed-client:oidc:x:repo:o/sandbox|workload|observed-client", "arn:aws:iam::1:oidc-provider/x|identity|aws-oidc-provider", "arn:aws:iam::1:role/ci|identity|aws-role"},
				[]string{"observed-client:oidc:x:repo:o/sandbox>assumes>arn:aws:iam::1:role/ci", "arn:aws:iam::1:oidc-provider/x>assumes>arn:aws:iam::1:role/ci|oidc_sub_condition=none"}},
			fixture{[]string{"observed-client:oidc:x:repo:o/sandbox|workload|observed-client", "arn:aws:iam::1:oidc-provider/x|identity|aws-oidc-provider", "arn:aws:iam::1:role/ci|identity|aws-role"},
				[]string{"observed-client:oidc:x:repo:o/sandbox>assumes>arn:aws:iam::1:role/ci", "arn:aws:iam::1:oidc-provider/x>assumes>arn:aws:iam::1:role/ci|condition.sub=repo:o/app:ref:refs/heads/main"}}},
		{"NHI-HUMAN-USE",
			fixture{[]string{"user|identity|aws-user|password_enabled=true", "aws-access-key:AKIA1|credential|aws-access-key"}, []string{"aws-access-key:AKIA1>key_of>user"}},
			fixture{[]string{"user|identity|aws-user|password_enabled=false", "aws-access-key:AKIA1|credential|aws-access-key"}, []string{"aws-access-key:AKIA1>key_of>user"}}},
		{"NHI-ESCALATION-ADMIN", escalationFixture(true), escalationFixture(false)},
	}
	seen := map[string]bool{}
	for _, tt := range append(append(append(tests, agentRuleFixtures...), certRuleFixtures...), spofRuleFixtures...) {
		seen[tt.rule] = true
		t.Run(tt.rule, func(t *testing.T) {
			if n := count(t, tt.positive.build(), tt.rule); n == 0 {
				t.Error("positive fixture: no finding")
			}
			if n := count(t, tt.negative.build(), tt.rule); n != 0 {
				t.Errorf("negative fixture: %d findings", n)
			}
		})
	}
	for _, r := range Rules() {
		if !seen[r.ID] {
			t.Errorf("rule %s has no fixtures", r.ID)
		}
		if len(r.Mapping.OWASP) == 0 || len(r.Mapping.NIST) == 0 || r.Remediation == "" {
			t.Errorf("rule %s lacks mappings or remediation", r.ID)
		}
	}
}

func TestSuppressionsAndNew(t *testing.T) {
	g := fixture{[]string{"role|identity|aws-role"}, nil}.build()
	sup := []Suppression{{RuleID: "NHI-UNOWNED", Match: func(id string) bool { return id == "role" }, Reason: "being retired in CHG-7", Expires: now.Add(24 * time.Hour)}}
	r, _ := Run(context.Background(), g, Thresholds{Now: now}, sup)
	if r.Findings[0].Suppressed != "being retired in CHG-7" {
		t.Errorf("suppression not applied: %+v", r.Findings[0])
	}
	expired := []Suppression{{RuleID: "NHI-UNOWNED", Match: func(string) bool { return true }, Reason: "old", Expires: now.Add(-time.Hour)}}
	r2, _ := Run(context.Background(), g, Thresholds{Now: now}, expired)
	if r2.Findings[0].Suppressed != "" {
		t.Error("an expired suppression applied")
	}
	g2 := fixture{[]string{"role|identity|aws-role", "role2|identity|aws-role"}, nil}.build()
	r3, _ := Run(context.Background(), g2, Thresholds{Now: now}, nil)
	r3.MarkNew(r2)
	var newOnes []string
	for _, f := range r3.Findings {
		if f.New {
			newOnes = append(newOnes, f.Nodes[0])
		}
	}
	if len(newOnes) != 1 || newOnes[0] != "role2" {
		t.Errorf("new findings: %v", newOnes)
	}
}

func TestSuppressionsFromOwnersFile(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "jenkins-credential:aws-release", Kind: graph.Credential, Type: "jenkins-credential"})
	b.AddNode(graph.Node{ID: "team:security", Kind: graph.Owner, Type: "team", Attrs: map[string]string{
		"suppressions": `[{"rule":"NHI-UNOWNED","ids":["jenkins-credential:*"],"reason":"moving to Vault (SEC-88)","expires":"2026-12-31","file":"convene-owners.yaml","line":40}]`}})
	g := b.Build()
	sup, errs := SuppressionsFrom(g)
	if len(errs) != 0 || len(sup) != 1 {
		t.Fatalf("sup %v errs %v", sup, errs)
	}
	r, _ := Run(context.Background(), g, Thresholds{Now: now}, sup)
	want := "moving to Vault (SEC-88), accepted by team:security until 2026-12-31 (convene-owners.yaml:40)"
	if len(r.Findings) != 1 || r.Findings[0].Suppressed != want {
		t.Errorf("findings = %+v", r.Findings)
	}
	late, _ := Run(context.Background(), g, Thresholds{Now: time.Date(2027, 1, 1, 0, 0, 1, 0, time.UTC)}, sup)
	if late.Findings[0].Suppressed != "" {
		t.Error("an expired suppression still applies")
	}
}
