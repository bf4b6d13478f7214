package link

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// GitHubVars resolves the `vars.NAME` a job passes as role-to-assume to
// the Actions variable's value, when the github connector read the
// variables live: the job's environment's variable first, then the
// repository's (which holds the organisation's visible to it), as GitHub
// resolves them. A value that is an IAM role ARN gets the job an `assumes`
// edge to the role; the job's unresolved note stays, naming what the file
// says.
func GitHubVars() Rule { return githubVars{} }

type githubVars struct{}

func (githubVars) Name() string { return "github-vars" }

var varsRef = regexp.MustCompile(`^role-to-assume: \$\{\{\s*vars\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$`)

func (r githubVars) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	repoOf := map[string]string{}
	for _, e := range g.Edges() {
		if e.Kind == graph.PartOf {
			if n, ok := g.Node(e.To); ok && n.Type == "git-repo" {
				repoOf[e.From] = e.To
			}
		}
	}
	for _, job := range g.Nodes() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if job.Kind != graph.Workload || job.Attrs[graph.AttrUnresolved] == "" {
			continue
		}
		repoID := repoOf[job.ID]
		for _, line := range graph.DecodeList(job.Attrs[graph.AttrUnresolved]) {
			m := varsRef.FindStringSubmatch(line)
			if m == nil || repoID == "" {
				continue
			}
			name := m[1]
			value, from := "", ""
			if env := job.Attrs[graph.AttrEnvironment]; env != "" {
				if n, ok := g.Node(repoID + "/environments/" + env); ok && n.Attrs[graph.AttrVarPrefix+name] != "" {
					value, from = n.Attrs[graph.AttrVarPrefix+name], n.ID
				}
			}
			if value == "" {
				if n, ok := g.Node(repoID); ok {
					value, from = n.Attrs[graph.AttrVarPrefix+name], n.ID
				}
			}
			if !strings.HasPrefix(value, "arn:") || !strings.Contains(value, ":role/") {
				continue
			}
			ev := []graph.Evidence{{Connector: connector(r), Source: from, Basis: graph.Configured,
				Note: fmt.Sprintf("role-to-assume is vars.%s, which %s sets to %s", name, from, value)}}
			b.AddNode(graph.Node{ID: value, Kind: graph.Identity, Type: "aws-role", Name: value[strings.LastIndex(value, "/")+1:], Evidence: ev})
			b.AddEdge(graph.Edge{From: job.ID, To: value, Kind: graph.Assumes,
				Attrs: map[string]string{"rule": r.Name(), "via": "vars." + name, "action": "aws-actions/configure-aws-credentials"}, Evidence: ev})
		}
	}
	return nil
}
