package link

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// The attributes of Backstage entity nodes this rule reads, as the
// backstage connector writes them.
const (
	attrBackstageRef   = graph.AttrBackstageRef
	attrRepository     = graph.AttrRepository
	attrRepositoryFrom = "repository_from"
	attrOwner          = graph.AttrOwner
)

// BackstageRepo returns the rule "backstage-repo": a catalog entity that
// names its repository (attribute "repository", from annotations such as
// github.com/project-slug) gives its owners to the repository and to the
// workloads in it (IDs <repository>/...). The entity's owners are its
// owned_by edges, else its spec.owner through aliases, mapped to the owners
// file's team when one answers to the name, else the referenced-only owner
// the owner-hints rule makes of spec.owner.
func BackstageRepo() Rule { return backstageRepo{} }

type backstageRepo struct{}

func (backstageRepo) Name() string { return "backstage-repo" }

func (r backstageRepo) Apply(ctx context.Context, g *graph.Graph, b *graph.Builder) error {
	name := connector(r)
	nodes := g.Nodes()
	var aliases *owners.Aliases
	for _, ent := range nodes {
		repo := ent.Attrs[attrRepository]
		if repo == "" || ent.Attrs[attrBackstageRef] == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if aliases == nil {
			aliases = owners.NewAliases(g)
		}
		var ownerIDs []string
		for _, e := range g.Out(ent.ID) {
			if e.Kind == graph.OwnedBy {
				ownerIDs = append(ownerIDs, aliases.Canonical(e.To))
			}
		}
		if len(ownerIDs) == 0 {
			if id, ok := aliases.Lookup(ent.Attrs[attrOwner]); ok {
				ownerIDs = append(ownerIDs, id)
			} else if id, _, ok := owners.HintID(ent.Attrs[attrOwner]); ok && id == "backstage:"+ent.Attrs[attrOwner] {
				// A Group outside the scan: the owner-hints rule makes it a
				// referenced-only owner of that ID.
				ownerIDs = append(ownerIDs, id)
			}
		}
		if len(ownerIDs) == 0 {
			continue
		}
		ev := graph.Evidence{Connector: name, Basis: graph.Declared,
			Note: fmt.Sprintf("%s (owner %s) is built from %s, by annotation %s", ent.Attrs[attrBackstageRef], ent.Attrs[attrOwner], repo, ent.Attrs[attrRepositoryFrom])}
		if len(ent.Evidence) > 0 {
			ev.Source, ev.Line = ent.Evidence[0].Source, ent.Evidence[0].Line
		}
		add := func(from string) {
			for _, o := range ownerIDs {
				b.AddEdge(graph.Edge{From: from, To: o, Kind: graph.OwnedBy, Evidence: []graph.Evidence{ev}})
			}
		}
		if _, ok := g.Node(repo); ok {
			add(repo)
		}
		prefix := repo + "/"
		for i := sort.Search(len(nodes), func(i int) bool { return nodes[i].ID >= prefix }); i < len(nodes) && strings.HasPrefix(nodes[i].ID, prefix); i++ {
			if nodes[i].Kind == graph.Workload {
				add(nodes[i].ID)
			}
		}
	}
	return nil
}
