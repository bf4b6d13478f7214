package access

import (
	"context"
	"slices"
	"testing"

	"github.com/convene-dev/convene/graph"
)

// estate builds a graph from nodes and edges given tersely, runs the
// rules, and returns the can_become edges as "from -> to rule".
type estate struct {
	b *graph.Builder
}

func newEstate() *estate { return &estate{b: graph.NewBuilder()} }

func (e *estate) node(id, typ, name string, attrs map[string]string) *estate {
	kind := graph.Identity
	switch typ {
	case "aws-managed-policy", "aws-inline-policy", "vault-policy":
		kind = graph.Policy
	case "git-repo":
		kind = graph.Location
	case "ci-workflow", "ci-job":
		kind = graph.Workload
	}
	e.b.AddNode(graph.Node{ID: id, Kind: kind, Type: typ, Name: name, Attrs: attrs,
		Evidence: []graph.Evidence{{Connector: "test", Source: "estate", Basis: graph.Declared}}})
	return e
}

func (e *estate) edge(from, to string, kind graph.EdgeKind, attrs map[string]string) *estate {
	e.b.AddEdge(graph.Edge{From: from, To: to, Kind: kind, Attrs: attrs,
		Evidence: []graph.Evidence{{Connector: "test", Source: "estate", Basis: graph.Declared}}})
	return e
}

func (e *estate) derive(t *testing.T) (*graph.Graph, []string) {
	t.Helper()
	if err := Derive(context.Background(), e.b.Build(), e.b); err != nil {
		t.Fatal(err)
	}
	g := e.b.Build()
	var out []string
	for _, ed := range g.Edges() {
		if ed.Kind == graph.CanBecome {
			out = append(out, ed.From+" -> "+ed.To+" "+ed.Attrs["rule"])
			if ed.Evidence[0].Basis != graph.Derived || ed.Evidence[0].Note == "" {
				t.Errorf("%s: evidence %v is not derived with a note", ed.Key(), ed.Evidence)
			}
		}
	}
	slices.Sort(out)
	return g, out
}

const acct = "arn:aws:iam::111122223333:"

// user adds an IAM user holding one inline policy.
func (e *estate) user(name, doc string) *estate {
	id := acct + "user/" + name
	e.node(id, "aws-user", name, nil)
	if doc != "" {
		e.node(id+"/inline-policy/p", "aws-inline-policy", "p", map[string]string{"document": doc})
		e.edge(id, id+"/inline-policy/p", graph.HasPolicy, map[string]string{"via": "inline"})
	}
	return e
}

// role adds an IAM role with a trust policy and one inline policy.
func (e *estate) role(name, trust, doc string) *estate {
	id := acct + "role/" + name
	e.node(id, "aws-role", name, map[string]string{"trust_policy": trust})
	if doc != "" {
		e.node(id+"/inline-policy/p", "aws-inline-policy", "p", map[string]string{"document": doc})
		e.edge(id, id+"/inline-policy/p", graph.HasPolicy, map[string]string{"via": "inline"})
	}
	return e
}
