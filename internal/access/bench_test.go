package access

import (
	"context"
	"fmt"
	"maps"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/synth"
)

// escalationEstate is the 100,000-node synthetic estate with what the
// generator leaves out and the rules read: trust policies on roles (a third
// each trusting Lambda, EC2 and their account), documents on managed
// policies (one in 25 lets its holders pass roles to Lambda, one in 100
// create access keys, one in 500 is AdministratorAccess) and rules on Vault
// policies (one in 100 may write auth/approle/role/*).
func escalationEstate(tb testing.TB) *graph.Graph {
	tb.Helper()
	g := synth.Build(1, 100_000)
	b := graph.NewBuilder()
	i := 0
	for _, n := range g.Nodes() {
		attrs := maps.Clone(n.Attrs)
		if attrs == nil {
			attrs = map[string]string{}
		}
		switch n.Type {
		case "aws-role":
			svc := []string{`{"Service":"lambda.amazonaws.com"}`, `{"Service":"ec2.amazonaws.com"}`, fmt.Sprintf(`{"AWS":"arn:aws:iam::%s:root"}`, accountOf(n.ID))}[i%3]
			attrs["trust_policy"] = `{"Statement":[{"Effect":"Allow","Principal":` + svc + `,"Action":"sts:AssumeRole"}]}`
		case "aws-managed-policy":
			switch {
			case i%500 == 0:
				attrs["document"] = allow("*", "*")
			case i%100 == 0:
				attrs["document"] = allow("iam:CreateAccessKey", "*")
			case i%25 == 0:
				attrs["document"] = `{"Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}]}`
			default:
				attrs["document"] = allow("s3:GetObject", "arn:aws:s3:::bucket-"+n.Name+"/*")
			}
		case "vault-policy":
			path := "secret/data/" + n.Name + "/*"
			if i%100 == 0 {
				path = "auth/approle/role/*"
			}
			attrs["rules"] = `[{"path":"` + path + `","capabilities":["create","read","update"]}]`
		}
		i++
		n.Attrs = attrs
		b.AddNode(n)
	}
	for _, e := range g.Edges() {
		b.AddEdge(e)
	}
	return b.Build()
}

// BenchmarkDerive100k runs every escalation rule over the synthetic estate
// (escalationEstate): the analysis a scan adds after linking, without the
// rebuild of the graph.
func BenchmarkDerive100k(b *testing.B) {
	g := escalationEstate(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		bld := graph.NewBuilder()
		bld.AddGraph(g)
		b.StartTimer()
		if err := Derive(context.Background(), g, bld); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(len(bld.Build().Edges())-len(g.Edges())), "derived-edges")
		b.StartTimer()
	}
}

// BenchmarkClosure100k answers "who can become" for the identity with the
// most incoming edges of the synthetic estate, after derivation.
func BenchmarkClosure100k(b *testing.B) {
	g := escalationEstate(b)
	bld := graph.NewBuilder()
	bld.AddGraph(g)
	if err := Derive(context.Background(), g, bld); err != nil {
		b.Fatal(err)
	}
	g = bld.Build()
	target, most := "", -1
	for _, n := range g.Nodes() {
		if n.Kind == graph.Identity {
			if k := len(g.In(n.ID)); k > most {
				target, most = n.ID, k
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.ReportMetric(float64(len(Who(g, target))), "reached")
	}
}
