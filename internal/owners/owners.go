// Package owners answers, for every node that can be owned, who owns it
// and why: it gathers the owned_by edges every source made, ranks them by
// a documented order of precedence, maps the raw names sources use onto
// the owners file's teams and people through aliases, keeps
// disagreements visible as conflicts, and inherits owners along part_of,
// runs_as and copy_of for nodes that have none of their own. Nodes left
// without an owner are listed by kind. An owner only hints name, which no
// owners file or catalog entity defines, is referenced-only (HintID gives
// its ID; Inventory and WriteDraft list them for `convene owners`).
// docs/ownership.md is the reference.
package owners

import (
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Source is where an owner came from.
type Source string

// The sources, in order of precedence: a lower Precedence wins.
const (
	// OwnersFile: a rule of convene's owners file.
	OwnersFile Source = "owners-file"
	// Tag: a tag, label or annotation on the node (tag.owner, tag.team).
	Tag Source = "tag"
	// Catalog: the Backstage catalog (spec.owner, or the owner of the
	// component a repository builds).
	Catalog Source = "backstage"
	// CodeOwners: a CODEOWNERS file.
	CodeOwners Source = "codeowners"
	// Other: an owned_by edge from any other connector.
	Other Source = "other"
	// Inherited: the owners of what the node is part of, runs as or is a
	// copy of.
	Inherited Source = "inherited"
)

// Precedence returns the rank of a source, 1 being the strongest.
func (s Source) Precedence() int {
	switch s {
	case OwnersFile:
		return 1
	case Tag:
		return 2
	case Catalog:
		return 3
	case CodeOwners:
		return 4
	case Other:
		return 5
	}
	return 6
}

// sourceOf classifies a piece of evidence of an owned_by edge by the
// connector or link rule that made it.
func sourceOf(ev graph.Evidence) Source {
	switch ev.Connector {
	case "link/owner-rules":
		return OwnersFile
	case "link/owner-tags":
		return Tag
	case "backstage", "link/backstage-repo":
		return Catalog
	case "codeowners", "link/codeowners":
		return CodeOwners
	}
	return Other
}

// Owner is one owner of a node, from one source.
type Owner struct {
	// ID is the owner node, canonical: the owners file's team or person
	// when the source's name is an alias of one.
	ID   string
	Name string
	// Raw is the owner node the source named, when it differs from ID
	// (github-team:northwind/payments for team:payments).
	Raw        string
	Source     Source
	Precedence int
	// Effective is set for the owners of the strongest source present:
	// those a change should go to. The others are shown, not used.
	Effective bool
	// Via says how an inherited owner was reached: "part_of
	// github.com/northwind/payments-api".
	Via string
	// ReferencedOnly is set when only hints name the owner: no owners
	// file or catalog entity defines it, so no contact is known.
	ReferencedOnly bool
	Evidence       []graph.Evidence
}

// Options tune Resolve.
type Options struct {
	// TagKeys are the node attributes read as owner hints; nil means
	// DefaultTagKeys.
	TagKeys []string
	// MaxHops bounds inheritance; 0 means 4.
	MaxHops int
}

// DefaultTagKeys are the attributes read as owner hints. Deliberately not
// app.kubernetes.io/managed-by: it names a tool (Helm, Argo CD), not an
// owner.
var DefaultTagKeys = []string{"tag.owner", "tag.Owner", "tag.team", "tag.Team", "annotation.owner", "annotation.team"}

// Ownable reports whether a node is expected to have an owner: every
// identity, credential, policy, workload and location, except AWS service
// principals (aws-service:lambda.amazonaws.com), which AWS owns.
func Ownable(n graph.Node) bool {
	switch n.Kind {
	case graph.Identity, graph.Credential, graph.Policy, graph.Workload, graph.Location:
		// A service principal is AWS's; an unresolved reference is not a
		// thing anyone can own until it is resolved.
		return n.Type != graph.TypeAWSService && !strings.HasPrefix(n.Type, "unresolved-")
	}
	return false
}

// inheritVia are the edges owners are inherited along, in order of
// preference: where a node lives, what it runs as, what it is a copy of,
// and (for an access key) the identity it is a key of.
var inheritVia = []graph.EdgeKind{graph.PartOf, graph.RunsAs, graph.CopyOf, graph.KeyOf}
