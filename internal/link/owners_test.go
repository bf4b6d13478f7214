package link

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

// owner returns an owner node carrying the given rules.
func owner(id string, rules ...ownerRule) graph.Node {
	for i := range rules {
		rules[i].File, rules[i].Line = "owners.yaml", 10+i
	}
	data, err := json.Marshal(rules)
	if err != nil {
		panic(err)
	}
	return graph.Node{ID: id, Kind: graph.Owner, Type: "team", Attrs: map[string]string{attrOwnerRules: string(data)},
		Evidence: []graph.Evidence{{Connector: "owners-file", Source: "owners.yaml", Line: 3}}}
}

func node(id string, kind graph.NodeKind, typ string, attrs ...string) graph.Node {
	n := graph.Node{ID: id, Kind: kind, Type: typ}
	for i := 0; i+1 < len(attrs); i += 2 {
		if n.Attrs == nil {
			n.Attrs = map[string]string{}
		}
		n.Attrs[attrs[i]] = attrs[i+1]
	}
	return n
}

// link builds the nodes, applies the owner-rules rule and returns the owned_by
// edges as "from -> to", and the diagnostics.
func link(t *testing.T, nodes ...graph.Node) (edges, diags []string) {
	t.Helper()
	b := graph.NewBuilder()
	for _, n := range nodes {
		b.AddNode(n)
	}
	if err := Run(context.Background(), b.Build(), b, OwnerRules()); err != nil {
		t.Fatal(err)
	}
	g := b.Build()
	for _, e := range g.Edges() {
		if e.Kind == graph.OwnedBy {
			edges = append(edges, e.From+" -> "+e.To)
		}
	}
	for _, d := range g.Diagnostics() {
		diags = append(diags, d.String())
	}
	return edges, diags
}

// estate is a few nodes of the kinds later connectors report.
var estate = []graph.Node{
	node("arn:aws:iam::111122223333:role/payments-deploy", graph.Identity, "aws-role"),
	node("arn:aws:iam::444455556666:role/payments-deploy", graph.Identity, "aws-role"),
	node("arn:aws:iam::111122223333:role/ci/payments-build", graph.Identity, "aws-role"),
	node("arn:aws:iam::111122223333:policy/payments-read", graph.Policy, "aws-managed-policy"),
	node("vault:secret/payments", graph.Location, "vault-path"),
	node("vault:secret/payments/db", graph.Credential, "vault-kv-secret"),
	node("vault:secret/payments/stripe/api-key", graph.Credential, "vault-kv-secret"),
	node("vault:secret/payments-legacy/db", graph.Credential, "vault-kv-secret"),
	node("i-0abc", graph.Workload, "ec2-instance", "tag.team", "payments", "tag.env", "prod"),
	node("i-0def", graph.Workload, "ec2-instance", "tag.team", "data"),
	node("host:batch-01", graph.Location, "host"),
	node("host:batch-01/cron/nightly", graph.Workload, "cron-job"),
}

func TestOwnerRules(t *testing.T) {
	tests := []struct {
		name   string
		owners []graph.Node
		want   []string
	}{
		{"star crosses colons, not slashes", []graph.Node{owner("team:payments",
			ownerRule{IDs: []string{"arn:aws:iam::*:role/payments-*"}})},
			[]string{
				"arn:aws:iam::111122223333:role/payments-deploy -> team:payments",
				"arn:aws:iam::444455556666:role/payments-deploy -> team:payments",
			}},
		{"double star crosses slashes and matches the parent", []graph.Node{owner("team:payments",
			ownerRule{IDs: []string{"vault:secret/payments/**", "arn:aws:iam::111122223333:role/**"}})},
			[]string{
				"arn:aws:iam::111122223333:role/ci/payments-build -> team:payments",
				"arn:aws:iam::111122223333:role/payments-deploy -> team:payments",
				"vault:secret/payments -> team:payments",
				"vault:secret/payments/db -> team:payments",
				"vault:secret/payments/stripe/api-key -> team:payments",
			}},
		{"literal ID", []graph.Node{owner("team:payments", ownerRule{IDs: []string{"vault:secret/payments/db"}})},
			[]string{"vault:secret/payments/db -> team:payments"}},
		{"tag", []graph.Node{owner("team:payments", ownerRule{TagKey: "team", TagValue: "payments"})},
			[]string{"i-0abc -> team:payments"}},
		{"glob and tag together", []graph.Node{owner("team:sre", ownerRule{IDs: []string{"i-*"}, TagKey: "env", TagValue: "prod"})},
			[]string{"i-0abc -> team:sre"}},
		{"kind filter", []graph.Node{owner("team:iam", ownerRule{IDs: []string{"arn:aws:iam::111122223333:*/**"}, Kind: "policy"})},
			[]string{"arn:aws:iam::111122223333:policy/payments-read -> team:iam"}},
		{"type filter", []graph.Node{owner("team:data", ownerRule{IDs: []string{"host:batch-*/**"}, Type: "cron-job"})},
			[]string{"host:batch-01/cron/nightly -> team:data"}},
		{"two owners of one node", []graph.Node{
			owner("team:sre", ownerRule{IDs: []string{"host:*/**"}}),
			owner("team:data", ownerRule{IDs: []string{"host:batch-*"}}),
		}, []string{
			"host:batch-01 -> team:data",
			"host:batch-01 -> team:sre",
			"host:batch-01/cron/nightly -> team:sre",
		}},
		{"owners are never owned", []graph.Node{owner("team:all", ownerRule{IDs: []string{"**"}})}, []string{
			"arn:aws:iam::111122223333:policy/payments-read -> team:all",
			"arn:aws:iam::111122223333:role/ci/payments-build -> team:all",
			"arn:aws:iam::111122223333:role/payments-deploy -> team:all",
			"arn:aws:iam::444455556666:role/payments-deploy -> team:all",
			"host:batch-01 -> team:all",
			"host:batch-01/cron/nightly -> team:all",
			"i-0abc -> team:all",
			"i-0def -> team:all",
			"vault:secret/payments -> team:all",
			"vault:secret/payments-legacy/db -> team:all",
			"vault:secret/payments/db -> team:all",
			"vault:secret/payments/stripe/api-key -> team:all",
		}},
		{"nothing matches", []graph.Node{owner("team:payments", ownerRule{IDs: []string{"gcp:*"}})}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := link(t, append(slices.Clone(estate), tc.owners...)...)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("owned_by edges (-want +got):\n%s", diff)
			}
			if len(diags) > 0 {
				t.Errorf("diagnostics: %v", diags)
			}
		})
	}
}

// TestOwnerRulesEvidence: each rule that selects a node is evidence on the
// one edge to its owner; several globs of one rule count once.
func TestOwnerRulesEvidence(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(node("vault:secret/payments/db", graph.Credential, "vault-kv-secret", "tag.team", "payments"))
	b.AddNode(owner("team:payments",
		ownerRule{IDs: []string{"vault:secret/**", "vault:secret/payments/*"}},
		ownerRule{TagKey: "team", TagValue: "payments"}))
	if err := Run(context.Background(), b.Build(), b, OwnerRules()); err != nil {
		t.Fatal(err)
	}
	e := b.Build().Out("vault:secret/payments/db")
	want := []graph.Edge{{From: "vault:secret/payments/db", To: "team:payments", Kind: graph.OwnedBy, Evidence: []graph.Evidence{
		{Connector: "link/owner-rules", Source: "owners.yaml", Line: 10, Basis: graph.Declared, Note: "rule vault:secret/** in owners file"},
		{Connector: "link/owner-rules", Source: "owners.yaml", Line: 11, Basis: graph.Declared, Note: "rule tag.team=payments in owners file"},
	}}}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("edges (-want +got):\n%s", diff)
	}
}

func TestOwnerRulesBadAttributes(t *testing.T) {
	broken := owner("team:a")
	broken.Attrs[attrOwnerRules] = "{not json"
	_, diags := link(t, node("host:x", graph.Location, "host"), broken,
		owner("team:b", ownerRule{IDs: []string{"host:["}}, ownerRule{Kind: "identity"}))
	want := []string{
		`owners.yaml:3: error: owner team:a: attribute owner_rules is not a JSON list of rules (invalid character 'n' looking for beginning of object key string); its rules were not applied [link/owner-rules]`,
		`owners.yaml:10: error: owner team:b: glob "host:[" is malformed, or too costly to match (over 1024 characters or 4 {…} alternations); rule skipped [link/owner-rules]`,
		`owners.yaml:11: error: owner team:b: rule selects nothing (no ids and no tag); rule skipped [link/owner-rules]`,
	}
	if diff := cmp.Diff(want, diags); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b := graph.NewBuilder()
	b.AddNode(owner("team:a", ownerRule{IDs: []string{"**"}}))
	err := Run(ctx, b.Build(), b, Default()...)
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("Run with a cancelled context = %v", err)
	}
}

func ExampleOwnerRules() {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "vault:secret/payments/db", Kind: graph.Credential, Type: "vault-kv-secret"})
	b.AddNode(graph.Node{ID: "team:payments", Kind: graph.Owner, Type: "team", Attrs: map[string]string{
		"owner_rules": `[{"ids":["vault:secret/payments/**"],"file":"convene-owners.yaml","line":12}]`}})
	_ = Run(context.Background(), b.Build(), b, OwnerRules())
	for _, e := range b.Build().Edges() {
		fmt.Println(e.Key(), "|", e.Evidence[0])
	}
	// Output:
	// vault:secret/payments/db -owned_by-> team:payments | link/owner-rules convene-owners.yaml:12 (declared): rule vault:secret/payments/** in owners file
}
