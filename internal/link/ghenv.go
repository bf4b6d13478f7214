package link

import (
	"context"
	"fmt"

	"github.com/convene-dev/convene/graph"
)

// GitHubEnvironments puts each job that deploys to a GitHub environment
// (its `environment` attribute) `part_of` that environment when the github
// connector read it live (`<repo>/environments/<name>`), and makes the
// environment's required reviewers owners of the job (`owned_by`, `role:
// required-reviewer`): whoever must approve its deployments is an owner
// and approver in a plan that touches it, alongside the code's owners.
func GitHubEnvironments() Rule { return githubEnvironments{} }

type githubEnvironments struct{}

func (githubEnvironments) Name() string { return "github-environments" }

func (r githubEnvironments) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	for _, e := range g.Edges() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.Kind != graph.PartOf {
			continue
		}
		job, ok := g.Node(e.From)
		if !ok || job.Kind != graph.Workload || job.Attrs[graph.AttrEnvironment] == "" {
			continue
		}
		if repo, ok := g.Node(e.To); !ok || repo.Type != "git-repo" {
			continue
		}
		envID := e.To + "/environments/" + job.Attrs[graph.AttrEnvironment]
		env, ok := g.Node(envID)
		if !ok || env.Type != "ci-environment" {
			continue
		}
		note := fmt.Sprintf("the job deploys to environment %s", job.Attrs[graph.AttrEnvironment])
		b.AddEdge(graph.Edge{From: job.ID, To: envID, Kind: graph.PartOf, Attrs: map[string]string{"rule": r.Name()},
			Evidence: linkEvidence(r, e, note)})
		for _, o := range g.Out(envID) {
			if o.Kind == graph.OwnedBy && o.Attrs[graph.AttrRole] == "required-reviewer" {
				b.AddEdge(graph.Edge{From: job.ID, To: o.To, Kind: graph.OwnedBy,
					Attrs:    map[string]string{"rule": r.Name(), "role": "required-reviewer", "environment": job.Attrs[graph.AttrEnvironment]},
					Evidence: linkEvidence(r, o, note+", whose deployments "+o.To+" must approve")})
			}
		}
	}
	return nil
}
