package link

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/config"
)

// carrier is an observed use as the audit-trail connectors write it.
func carrier(kind graph.EdgeKind, object, objectType, subject, client string, sources ...string) graph.Node {
	t := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	attrs := map[string]string{attrKind: string(kind), attrObject: object, attrObjectType: objectType, attrClient: client}
	if subject != "" {
		attrs[attrSubject] = subject
	}
	return graph.Node{ID: "observed-use:" + string(kind) + ":" + client + "|" + object, Kind: graph.Workload, Type: carrierType,
		Attrs: attrs, Evidence: []graph.Evidence{{Connector: "test-audit", Source: "audit.log", Line: 3, Basis: graph.Observed,
			Observed: &graph.Observation{FirstSeen: t, LastSeen: t.Add(48 * time.Hour), Count: 4, Sources: sources}}}}
}

func TestResolveObserved(t *testing.T) {
	node := func(id, typ string, kind graph.NodeKind) graph.Node {
		return graph.Node{ID: id, Kind: kind, Type: typ, Evidence: []graph.Evidence{{Connector: "test", Basis: graph.Configured}}}
	}
	edge := func(from string, kind graph.EdgeKind, to string) graph.Edge {
		return graph.Edge{From: from, To: to, Kind: kind, Evidence: []graph.Evidence{{Connector: "test", Basis: graph.Declared}}}
	}
	estate := []graph.Node{
		node("k8s:c/ns/deployment/api", "k8s-workload", graph.Workload),
		node("vault:auth/kubernetes/role/api", "vault-auth-role", graph.Identity),
		node("vault:secret/api/db", "vault-kv-secret", graph.Credential),
		node("host:batch-01", "host", graph.Location),
		node("host:batch-01/root/.aws/config#profile svc", "aws-profile", graph.Identity),
		node("aws-access-key:AKIAEXAMPLE0001", "aws-access-key", graph.Credential),
		{ID: "arn:aws:secretsmanager:eu-west-1:1:secret:app/key-AbCdEf", Kind: graph.Credential, Type: "aws-secret", Name: "app/key"},
		node("arn:aws:lambda:eu-west-1:1:function:f", "lambda", graph.Workload),
		node("arn:aws:iam::1:role/f", "aws-role", graph.Identity),
	}
	links := []graph.Edge{
		edge("k8s:c/ns/deployment/api", graph.AuthenticatesAs, "vault:auth/kubernetes/role/api"),
		edge("k8s:c/ns/deployment/api", graph.Reads, "vault:secret/api/db"),
		edge("host:batch-01/root/.aws/config#profile svc", graph.PartOf, "host:batch-01"),
		edge("host:batch-01/root/.aws/config#profile svc", graph.Uses, "aws-access-key:AKIAEXAMPLE0001"),
		edge("arn:aws:lambda:eu-west-1:1:function:f", graph.RunsAs, "arn:aws:iam::1:role/f"),
		edge("arn:aws:lambda:eu-west-1:1:function:f", graph.Reads, "arn:aws:secretsmanager:eu-west-1:1:secret:app/key-AbCdEf"),
	}
	obs := config.Observed{Addresses: map[string][]string{"batch-01": {"10.20.0.15"}}}
	tests := []struct {
		name string
		use  graph.Node
		// want lists the edges that carry the use's observed evidence.
		want []string
	}{
		{"vault read by the auth role a workload logs in as",
			carrier(graph.Reads, "vault:secret/api/db", "vault-kv-secret", "vault:auth/kubernetes/role/api", "vault:auth/kubernetes/role/api#entity=e1", "10.42.0.3"),
			[]string{"k8s:c/ns/deployment/api -reads-> vault:secret/api/db"}},
		{"vault read by a role no workload logs in as",
			carrier(graph.Reads, "vault:secret/api/db", "vault-kv-secret", "vault:auth/approle/role/old", "vault:auth/approle/role/old#entity=e9", "198.51.100.23"),
			[]string{"observed-client:vault:auth/approle/role/old#entity=e9 -reads-> vault:secret/api/db"}},
		{"key used from the host whose profile holds it",
			carrier(graph.Uses, "aws-access-key:AKIAEXAMPLE0001", "aws-access-key", "aws-access-key:AKIAEXAMPLE0001", "aws-access-key:AKIAEXAMPLE0001@10.20.0.15/aws-cli", "10.20.0.15", "aws-cli"),
			[]string{"host:batch-01/root/.aws/config#profile svc -uses-> aws-access-key:AKIAEXAMPLE0001"}},
		{"key used from an unknown address",
			carrier(graph.Uses, "aws-access-key:AKIAEXAMPLE0001", "aws-access-key", "aws-access-key:AKIAEXAMPLE0001", "aws-access-key:AKIAEXAMPLE0001@203.0.113.77/Boto3", "203.0.113.77", "Boto3"),
			[]string{"observed-client:aws-access-key:AKIAEXAMPLE0001@203.0.113.77/Boto3 -uses-> aws-access-key:AKIAEXAMPLE0001"}},
		{"secret named by name, read by the role a Lambda runs as",
			carrier(graph.Reads, "aws-secretsmanager:app/key", "aws-secret", "arn:aws:iam::1:role/f", "arn:aws:iam::1:role/f"),
			[]string{"arn:aws:lambda:eu-west-1:1:function:f -reads-> arn:aws:secretsmanager:eu-west-1:1:secret:app/key-AbCdEf"}},
		{"a secret no inventory lists",
			carrier(graph.Reads, "vault:secret/unlisted", "vault-kv-secret", "", "vault:token/root", "10.9.9.9"),
			[]string{"observed-client:vault:token/root -reads-> vault:secret/unlisted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := graph.NewBuilder()
			for _, n := range append(slices.Clone(estate), tt.use) {
				b.AddNode(n)
			}
			for _, e := range links {
				b.AddEdge(e)
			}
			g, err := ResolveObserved(context.Background(), b.Build(), obs)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range g.Edges() {
				for _, ev := range e.Evidence {
					if ev.Observed != nil && e.Kind != graph.AuthenticatesAs && e.Kind != graph.RunsAs {
						got = append(got, e.Key().String())
						break
					}
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("edges with observed evidence (-want +got):\n%s", diff)
			}
			for _, n := range g.Nodes() {
				if n.Type == carrierType {
					t.Errorf("carrier %s left in the graph", n.ID)
				}
				if n.Type == ObservedClientType && strings.Contains(n.ID, "T") && strings.Contains(n.ID, ":00") {
					t.Errorf("observed client %s is keyed by a time", n.ID)
				}
			}
			for _, d := range g.Diagnostics() {
				t.Errorf("diagnostic: %s", d)
			}
		})
	}
}

func TestResolveObservedWithoutCarriers(t *testing.T) {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "a", Kind: graph.Workload})
	g := b.Build()
	got, err := ResolveObserved(context.Background(), g, config.Observed{})
	if err != nil || got != g {
		t.Errorf("a graph with no observations should be returned as it is (err %v)", err)
	}
}
