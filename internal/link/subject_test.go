package link

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestSubjectTemplate(t *testing.T) {
	tm := templates{"northwind/payments-api": {"repository_owner", "context"}, "northwind/infra": {"repo", "context", "job_workflow_ref"}, "o/empty": {""}}
	tests := []struct{ in, want, keys string }{
		{"repo:northwind/payments-api:environment:production", "repository_owner:northwind:environment:production", "repository_owner,context"},
		{"repo:Northwind/Payments-API:ref:refs/heads/main", "repository_owner:Northwind:ref:refs/heads/main", "repository_owner,context"},
		{"repo:northwind/infra:pull_request", "repo:northwind/infra:pull_request:job_workflow_ref:*", "repo,context,job_workflow_ref"},
		{"repo:northwind/ledger:pull_request", "repo:northwind/ledger:pull_request", ""},
		{"repo:o/empty:ref:", "repo:o/empty:ref:", ""}, // found by fuzzing: an empty key list is the default format
		{"project_path:northwind/ledger:ref_type:branch:ref:main", "project_path:northwind/ledger:ref_type:branch:ref:main", ""},
	}
	for _, tt := range tests {
		got, keys := tm.apply(tt.in)
		if diff := cmp.Diff([]string{tt.want, tt.keys}, []string{got, keys}); diff != "" {
			t.Errorf("apply(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestGitLabSubjectTemplate(t *testing.T) {
	tm := templates{"gitlab:northwind/ledger": {"project_path", "ref_type", "ref", "environment_protected"}}
	tests := []struct{ in, want, keys string }{
		{"project_path:northwind/ledger:ref_type:branch:ref:main", "project_path:northwind/ledger:ref_type:branch:ref:main:environment_protected:*", "project_path,ref_type,ref,environment_protected"},
		{"project_path:northwind/other:ref_type:branch:ref:main", "project_path:northwind/other:ref_type:branch:ref:main", ""},
		{"project_path:northwind/ledger", "project_path:northwind/ledger", ""},
	}
	for _, tt := range tests {
		got, keys := tm.applyGitLab(tt.in)
		if diff := cmp.Diff([]string{tt.want, tt.keys}, []string{got, keys}); diff != "" {
			t.Errorf("applyGitLab(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestOIDCTrustCustomSubject: a role trusting the customised subject
// repository_owner:northwind:environment:production admits the job only
// when the graph knows the repository's template (read live from GitHub);
// with the default format the trust would not match.
func TestOIDCTrustCustomSubject(t *testing.T) {
	gh := "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
	role := "arn:aws:iam::111122223333:role/org-deploy"
	sub := "oidc:token.actions.githubusercontent.com:repo:northwind/payments-api:environment:production"
	build := func(custom bool) *graph.Graph {
		b := graph.NewBuilder()
		ev := []graph.Evidence{{Connector: "aws", Source: "iam.json", Basis: graph.Configured}}
		b.AddNode(graph.Node{ID: gh, Kind: graph.Identity, Type: "aws-oidc-provider", Evidence: ev})
		b.AddNode(graph.Node{ID: role, Kind: graph.Identity, Type: "aws-role", Evidence: ev})
		b.AddNode(graph.Node{ID: sub, Kind: graph.Identity, Type: "ci-oidc-subject", Evidence: ev})
		repo := graph.Node{ID: "github.com/northwind/payments-api", Kind: graph.Location, Type: "git-repo", Name: "northwind/payments-api", Evidence: ev}
		if custom {
			repo.Attrs = map[string]string{AttrOIDCSubClaimKeys: `["repository_owner","context"]`}
		}
		b.AddNode(repo)
		b.AddEdge(graph.Edge{From: gh, To: role, Kind: graph.Assumes, Evidence: ev, Attrs: map[string]string{
			"condition.sub": "repository_owner:northwind:environment:production", "condition.sub.operator": "StringEquals", "oidc_sub_condition": "exact"}})
		return b.Build()
	}
	for _, custom := range []bool{false, true} {
		g := build(custom)
		b := graph.NewBuilder()
		b.AddGraph(g)
		if err := Run(context.Background(), g, b, OIDCTrust()); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range b.Build().Edges() {
			if e.From == sub && e.To == role {
				got = append(got, e.Attrs["sub"]+" "+e.Attrs["sub_claim_keys"])
			}
		}
		var want []string
		if custom {
			want = []string{`repository_owner:northwind:environment:production ["repository_owner","context"]`}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("custom=%v: trust links (-want +got):\n%s", custom, diff)
		}
	}
}

func FuzzSubjectTemplate(f *testing.F) {
	f.Add("repo:northwind/payments-api:environment:production", "repository_owner,context,job_workflow_ref")
	f.Add("repo:o/r:ref:refs/tags/v1", "repo,ref_type,ref")
	f.Fuzz(func(t *testing.T, subject, keys string) {
		tm := templates{"northwind/payments-api": strings.Split(keys, ","), "o/r": strings.Split(keys, ",")}
		out, k := tm.apply(subject)
		if k == "" && out != subject {
			t.Errorf("apply(%q) changed a subject without a template: %q", subject, out)
		}
	})
}
