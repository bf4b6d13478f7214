package export_test

import (
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/goldenfile"
)

// IDs of the sample estate that tests look for.
const (
	account = "aws-account:111122223333"
	repo    = "git:github.com/acme/payments"
	role    = "arn:aws:iam::111122223333:role/payments-deploy"
	policy  = "arn:aws:iam::111122223333:policy/payments-secrets"
	job     = "gha:acme/payments/.github/workflows/deploy.yml:deploy"
	secret  = "vault:secret/payments/db"
	team    = "team:payments"
	// weird has a quote and a backslash, as a Vault path may.
	weird = `vault@prod:secret/payments/"legacy"\db`
)

// estate is a small, realistic estate: a GitHub Actions job in the payments
// repository assumes an IAM role in the payments account and reads a Vault
// secret (and also uses a copy of it), all owned by the payments team.
func estate() *graph.Graph {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "estate_test.go", Basis: graph.Declared}}
	node := func(id string, k graph.NodeKind, typ, name string) {
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Name: name, Evidence: ev})
	}
	edge := func(from, to string, k graph.EdgeKind) {
		b.AddEdge(graph.Edge{From: from, To: to, Kind: k, Evidence: ev})
	}
	node(account, graph.Location, "aws-account", "payments-prod")
	node(repo, graph.Location, "git-repo", "acme/payments")
	node(role, graph.Identity, "aws-role", "payments-deploy")
	node(policy, graph.Policy, "aws-managed-policy", "payments-secrets")
	node(job, graph.Workload, "ci-job", "deploy")
	node(secret, graph.Credential, "vault-kv-secret", "payments/db")
	node(weird, graph.Credential, "vault-kv-secret", "")
	node(team, graph.Owner, "team", "Payments")

	edge(job, role, graph.Assumes)
	edge(job, secret, graph.Reads)
	edge(job, secret, graph.Uses)
	edge(job, weird, graph.Reads)
	edge(role, policy, graph.HasPolicy)
	edge(policy, secret, graph.Grants)
	edge(role, account, graph.PartOf)
	edge(policy, account, graph.PartOf)
	edge(job, repo, graph.PartOf)
	edge(role, team, graph.OwnedBy)
	edge(job, team, graph.OwnedBy)
	edge(secret, team, graph.OwnedBy)
	return b.Build()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	goldenfile.Check(t, path, string(got))
}
