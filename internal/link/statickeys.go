package link

import (
	"context"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// StaticKeyCopies makes the cloud key behind a CI secret visible. A job
// that passes CI secrets as aws-access-key-id / aws-secret-access-key (the
// `uses` edge carries aws_access_key: true) holds a static copy of an IAM
// access key whose identity no file states. Unless the owners file maps the
// secret with `copies:` (then it already has a copy_of edge), the rule adds
// a node of type unresolved-aws-access-key that the job's key secrets are
// copies of, so the copy is counted and shown rather than lost, and a
// reviewer is told how to resolve it.
func StaticKeyCopies() Rule { return staticKeyCopies{} }

type staticKeyCopies struct{}

func (staticKeyCopies) Name() string { return "static-key-copies" }

func (r staticKeyCopies) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	for _, job := range g.Nodes() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if job.Kind != graph.Workload {
			continue
		}
		var keyEdges []graph.Edge
		mapped := false
		for _, e := range g.Out(job.ID) {
			if e.Kind != graph.Uses || e.Attrs[graph.AttrAWSAccessKey] != "true" {
				continue
			}
			keyEdges = append(keyEdges, e)
			for _, c := range g.Out(e.To) {
				if c.Kind == graph.CopyOf {
					mapped = true
				}
			}
		}
		if len(keyEdges) == 0 || mapped {
			continue
		}
		secrets := make([]string, 0, len(keyEdges))
		for _, e := range keyEdges {
			secrets = append(secrets, e.To)
		}
		slices.Sort(secrets)
		secrets = slices.Compact(secrets)
		// Name the key after the secret holding its ID, else the first.
		anchor := secrets[0]
		for _, s := range secrets {
			if strings.Contains(strings.ToUpper(s), "ACCESS_KEY_ID") {
				anchor = s
			}
		}
		keyID := "unresolved:aws-access-key:" + anchor
		ev := linkEvidence(r, keyEdges[0], "the IAM access key stored in "+anchor+" is not known; name it with copies: in the owners file")
		b.AddNode(graph.Node{ID: keyID, Kind: graph.Credential, Type: "unresolved-aws-access-key", Name: "key in " + anchor,
			Attrs: map[string]string{"unresolved": graph.EncodeList([]string{"IAM access key of unknown identity, copied into " + strings.Join(secrets, ", ")})}, Evidence: ev})
		for _, s := range secrets {
			b.AddEdge(graph.Edge{From: s, To: keyID, Kind: graph.CopyOf, Attrs: map[string]string{"rule": r.Name()}, Evidence: ev})
		}
	}
	return nil
}
