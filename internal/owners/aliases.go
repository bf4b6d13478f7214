package owners

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Aliases maps the raw names sources give owners — a tag value, a
// CODEOWNERS @org/team, a Backstage group:default/x, an e-mail — to one
// owner node. The owners file's teams and people come first: their id,
// e-mail, handle and aliases name them. Owner nodes other sources made
// (github-team:..., backstage:group:...) are then mapped onto those by
// their handle or reference, and answer for their own names when no team
// of the owners file claims them.
type Aliases struct {
	primary   map[string]string // normalised name -> owners-file owner
	secondary map[string]string // normalised name -> other owner node
	canon     map[string]string // owner node ID -> canonical owner node ID
	// Problems lists names that two owners claim; such a name maps to
	// neither.
	Problems []string
}

// normalize is how names are compared: without case and surrounding
// space, as the owners file normalises aliases.
func normalize(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// fromOwnersFile reports whether the owners file declared the node.
func fromOwnersFile(n graph.Node) bool {
	for _, ev := range n.Evidence {
		if ev.Connector == "owners-file" {
			return true
		}
	}
	return false
}

// NewAliases indexes the owner nodes of g.
func NewAliases(g *graph.Graph) *Aliases {
	a := &Aliases{primary: map[string]string{}, secondary: map[string]string{}, canon: map[string]string{}}
	clash := map[string]bool{}
	add := func(m map[string]string, name, id string) {
		k := normalize(name)
		if k == "" || clash[k] {
			return
		}
		if prev, ok := m[k]; ok && prev != id {
			delete(m, k)
			clash[k] = true
			a.Problems = append(a.Problems, fmt.Sprintf("name %q is claimed by both %s and %s; it maps to neither: give it to one in the owners file's aliases", name, prev, id))
			return
		}
		m[k] = id
	}
	var others []graph.Node
	for _, n := range g.Nodes() {
		if n.Kind != graph.Owner {
			continue
		}
		if !fromOwnersFile(n) {
			others = append(others, n)
			continue
		}
		for _, name := range namesOf(n, true) {
			add(a.primary, name, n.ID)
		}
	}
	for _, n := range others {
		for _, name := range namesOf(n, false) {
			add(a.secondary, name, n.ID)
		}
	}
	// A node of another source is canonically the owners-file owner one of
	// its names maps to, else itself.
	for _, n := range others {
		a.canon[n.ID] = n.ID
		for _, name := range namesOf(n, false) {
			if id, ok := a.primary[normalize(name)]; ok {
				a.canon[n.ID] = id
				break
			}
		}
	}
	slices.Sort(a.Problems)
	a.Problems = slices.Compact(a.Problems)
	return a
}

// namesOf lists the names an owner node answers to.
func namesOf(n graph.Node, ownersFile bool) []string {
	names := []string{n.ID}
	if rest, ok := strings.CutPrefix(n.ID, "team:"); ok && ownersFile {
		names = append(names, rest)
	}
	if rest, ok := strings.CutPrefix(n.ID, "person:"); ok {
		names = append(names, rest)
	}
	for _, k := range []string{"handle", "email", "backstage_ref"} {
		if v := n.Attrs[k]; v != "" {
			names = append(names, v)
		}
	}
	if ref := n.Attrs[graph.AttrBackstageRef]; ref != "" {
		// group:default/x is also written x and default/x in the
		// default namespace.
		if kind, rest, ok := strings.Cut(ref, ":"); ok && strings.HasPrefix(rest, "default/") {
			names = append(names, kind+":"+strings.TrimPrefix(rest, "default/"))
			// A group of the default namespace also answers to its bare
			// name, as the owners file's team of that id would: a tag
			// team=dba and spec.owner group:default/dba name one team.
			if kind == "group" {
				names = append(names, strings.TrimPrefix(rest, "default/"))
			}
		}
	}
	if raw := n.Attrs[graph.AttrAliases]; raw != "" {
		var list []string
		if json.Unmarshal([]byte(raw), &list) == nil {
			names = append(names, list...)
		}
	}
	return names
}

// Lookup returns the owner node a raw name maps to, canonical: an
// owners-file owner when one answers to the name or to a name of the node
// found.
func (a *Aliases) Lookup(raw string) (string, bool) {
	k := normalize(raw)
	if id, ok := a.primary[k]; ok {
		return id, true
	}
	if id, ok := a.secondary[k]; ok {
		return a.Canonical(id), true
	}
	return "", false
}

// Canonical returns the owner node that stands for the owner node id: the
// owners-file team or person it is an alias of, else id itself.
func (a *Aliases) Canonical(id string) string {
	if c, ok := a.canon[id]; ok {
		return c
	}
	return id
}
