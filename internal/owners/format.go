package owners

import (
	"fmt"
	"io"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// String renders an owner on one line, for `convene show`:
// "team:payments (Payments Engineering) from owners-file [1], effective".
func (o Owner) String() string {
	var sb strings.Builder
	sb.WriteString(o.ID)
	if o.Name != "" {
		fmt.Fprintf(&sb, " (%s)", o.Name)
	}
	fmt.Fprintf(&sb, " from %s [%d]", o.Source, o.Precedence)
	if o.Raw != "" {
		fmt.Fprintf(&sb, " as %s", o.Raw)
	}
	if o.Via != "" {
		fmt.Fprintf(&sb, " via %s", o.Via)
	}
	if o.ReferencedOnly {
		sb.WriteString(", referenced only")
	}
	if o.Effective {
		sb.WriteString(", effective")
	} else {
		sb.WriteString(", overridden")
	}
	return sb.String()
}

// WriteOwners writes a node's owners, each with its evidence, and the
// conflicts among them, indented for `convene show`. A node without owners
// says so.
func WriteOwners(w io.Writer, g *graph.Graph, id string) {
	n, ok := g.Node(id)
	if !ok || !Ownable(n) {
		return
	}
	no := newResolver(g, Options{}).resolve(n)
	fmt.Fprintf(w, "owners (%d):\n", len(no.Owners))
	if len(no.Owners) == 0 {
		fmt.Fprintln(w, "  none: no owners-file rule, tag, catalog entry or CODEOWNERS names an owner, and none is inherited")
	}
	for _, o := range no.Owners {
		fmt.Fprintf(w, "  %s\n", o)
		for _, ev := range o.Evidence {
			fmt.Fprintf(w, "      %s\n", ev)
		}
	}
	for _, c := range no.Conflicts {
		fmt.Fprintf(w, "  conflict: %s\n", c)
	}
}

// WriteSummary writes one line counting unowned nodes by kind, or nothing
// when every ownable node has an owner, for the scan summary.
func (r *Result) WriteSummary(w io.Writer) {
	counts := r.UnownedCounts()
	var parts []string
	total := 0
	for _, k := range graph.NodeKinds {
		if c := counts[k]; c > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, c))
			total += c
		}
	}
	conflicted := len(r.Conflicted())
	if total == 0 && conflicted == 0 && len(r.Referenced) == 0 {
		return
	}
	fmt.Fprintf(w, "ownership: %d of %d ownable nodes have no owner (%s); %d with conflicting owners; %d owner hints name no known owner\n",
		total, len(r.Nodes), strings.Join(orNone(parts), ", "), conflicted, len(r.Unresolved))
	if n := len(r.Referenced); n > 0 {
		fmt.Fprintf(w, "owners: %d named only by tags, catalog references, CODEOWNERS or MAILTO, not in the owners file (no contact known); convene owners --format yaml drafts their entries\n", n)
	}
}

func orNone(parts []string) []string {
	if len(parts) == 0 {
		return []string{"none"}
	}
	return parts
}

// Of returns a node's owners and the conflicts among them, as `convene
// show` lists them; ok is false when the node is missing or not ownable.
func Of(g *graph.Graph, id string) (no NodeOwners, ok bool) {
	n, found := g.Node(id)
	if !found || !Ownable(n) {
		return NodeOwners{}, false
	}
	return *newResolver(g, Options{}).resolve(n), true
}
