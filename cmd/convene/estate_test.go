package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// TestEstateChains scans the sample estate and asserts, hop by hop, that each
// access chain that crosses sources exists with the expected edge kinds. A
// chain is written as node, kind, node, kind, node...
func TestEstateChains(t *testing.T) {
	out := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", out); code != 0 {
		t.Fatalf("scan: %s", stderr)
	}
	data, _ := os.ReadFile(out)
	g, err := graph.DecodeJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	const (
		deploy   = "github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy"
		ghProd   = "oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:environment:production"
		api      = "k8s:prod-eu/payments/deployment/payments-api"
		apiSA    = "k8s:prod-eu/payments/serviceaccount/payments-api"
		ledger   = "gitlab.com/northwind/ledger/.gitlab-ci.yml#deploy"
		glMain   = "oidc:gitlab.com:project_path:northwind/ledger:ref_type:branch:ref:main"
		backup   = "host:batch-01/etc/cron.d/backup#root:aws"
		profile  = "host:batch-01/root/.aws/config#profile backup"
		dump     = "host:batch-01/etc/cron.d/payments-dump#postgres:pg_dump"
		payDB    = "vault:secret/payments/db"
		acct     = "arn:aws:iam::111122223333:"
		platform = "arn:aws:iam::444455556666:"
	)
	chains := map[string][]string{
		"GitHub OIDC to AWS": {deploy, "runs_as", ghProd, "assumes", acct + "role/payments-deploy"},
		"GitHub to Vault through jwt auth": {deploy, "runs_as", ghProd, "authenticates_as", "vault:auth/jwt/role/gha-payments-deploy",
			"has_policy", "vault:sys/policies/acl/ci-deploy"},
		"GitHub reads Vault": {deploy, "reads", payDB},
		"Kubernetes IRSA":    {api, "runs_as", apiSA, "assumes", acct + "role/payments-api-irsa"},
		"Kubernetes to Vault secret through auth and policy": {api, "runs_as", apiSA, "authenticates_as", "vault:auth/kubernetes/role/payments-api",
			"has_policy", "vault:sys/policies/acl/payments-read", "grants", payDB},
		"Vault Agent read":        {api, "reads", payDB},
		"ESO copy":                {"k8s:prod-eu/payments/secret/stripe-webhook", "copy_of", "vault:secret/payments/stripe-webhook"},
		"GitLab to Vault":         {ledger, "runs_as", glMain, "authenticates_as", "vault:auth/jwt/role/gitlab-ledger"},
		"GitLab reads Vault":      {ledger, "reads", "vault:secret/ledger/db"},
		"cron AWS profile":        {backup, "uses", profile, "assumes", acct + "role/backup-writer"},
		"cron static key":         {profile, "uses", "host:batch-01/root/.aws/config#profile svc-backup", "uses", "aws-access-key:AKIAZNWBACKUPKEY0001", "key_of", acct + "user/svc-backup"},
		"cron reads Vault":        {dump, "reads", payDB},
		"Vault aws auth":          {platform + "role/data-etl", "authenticates_as", "vault:auth/aws/role/data-etl"},
		"Lambda and schedule":     {"arn:aws:scheduler:eu-west-1:111122223333:schedule/default/nightly-settlement", "triggers", "arn:aws:lambda:eu-west-1:111122223333:function:payments-settlement", "runs_as", acct + "role/payments-settlement-lambda"},
		"static key copied in CI": {"github.com/northwind/payments-api/.github/workflows/legacy-report.yml#report", "uses", "github.com/northwind/payments-api/secrets/AWS_ACCESS_KEY_ID"},
	}
	for name, chain := range chains {
		t.Run(name, func(t *testing.T) {
			for i := 0; i+2 < len(chain); i += 2 {
				from, kind, to := chain[i], graph.EdgeKind(chain[i+1]), chain[i+2]
				found := false
				for _, e := range g.Out(from) {
					if e.Kind == kind && e.To == to {
						found = true
					}
				}
				if !found {
					var have []string
					for _, e := range g.Out(from) {
						have = append(have, string(e.Kind)+" "+e.To)
					}
					t.Fatalf("no edge %s -%s-> %s; %s has:\n  %s", from, kind, to, from, strings.Join(have, "\n  "))
				}
			}
		})
	}
	// The deliberate gaps stay gaps.
	for _, id := range []string{platform + "role/break-glass-admin", acct + "user/svc-payments-legacy"} {
		for _, e := range g.Out(id) {
			if e.Kind == graph.OwnedBy {
				t.Errorf("%s should be unowned, has owner %s", id, e.To)
			}
		}
	}
}

// TestEstateDOTRenders pipes the estate's DOT export through Graphviz, as
// the README's tour does: real estates have edges that cross and nest
// location clusters, which Graphviz's default ranker cannot lay out.
func TestEstateDOTRenders(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("install graphviz to run")
	}
	out := filepath.Join(t.TempDir(), "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", out); code != 0 {
		t.Fatalf("scan: %s", stderr)
	}
	dotText, stderr, code := run(t, "export", "--format", "dot", "--graph", out)
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	cmd := exec.Command("dot", "-Tsvg")
	cmd.Stdin = strings.NewReader(dotText)
	var svg, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &svg, &errs
	if err := cmd.Run(); err != nil || errs.Len() > 0 {
		t.Fatalf("dot -Tsvg: %v\n%s", err, errs.String())
	}
	if !strings.Contains(svg.String(), "<svg") {
		t.Error("no SVG")
	}
}
