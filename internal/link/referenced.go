package link

import (
	"fmt"
	"slices"
	"strings"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// maxHintEvidence bounds the evidence a referenced-only owner keeps of the
// hints naming it: a team tagged on ten thousand roles keeps the first few;
// its owned_by edges keep every one.
const maxHintEvidence = 10

// The attributes of catalog entities this rule reads (the backstage
// connector writes them).
const attrCatalogOwner = graph.AttrOwner

// referenced is a referenced-only owner the rule makes or marks.
type referenced struct {
	typ      string
	exists   bool // the node is in the graph already (a CODEOWNERS owner)
	ref      string
	names    map[string]bool // raw hint values, normalised
	namedBy  map[string]bool
	evidence []graph.Evidence
}

// hints resolves owner hint values to owner nodes and gathers the
// referenced-only owners to write.
type hints struct {
	g       *graph.Graph
	conn    string
	aliases *owners.Aliases
	made    map[string]*referenced
	// stub maps the names of catalog entities made in this pass (the full
	// reference, kind:name, and a default-namespace group's bare name) to
	// their IDs and types, as owners.Aliases would once they are in the
	// graph.
	stub map[string]stubRef
}

type stubRef struct{ id, typ string }

func newHints(g *graph.Graph, conn string) *hints {
	return &hints{g: g, conn: conn, aliases: owners.NewAliases(g), made: map[string]*referenced{}, stub: map[string]stubRef{}}
}

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// record notes that a hint of kind named owner id.
func (h *hints) record(id, typ, kind string, ev graph.Evidence) *referenced {
	r := h.made[id]
	if r == nil {
		r = &referenced{typ: typ, names: map[string]bool{}, namedBy: map[string]bool{}}
		h.made[id] = r
	}
	r.namedBy[kind] = true
	if ev != (graph.Evidence{}) && len(r.evidence) < maxHintEvidence && !slices.Contains(r.evidence, ev) {
		r.evidence = append(r.evidence, ev)
	}
	return r
}

// catalog makes a referenced-only node for every spec.owner whose Group or
// User entity is not in the scan: the catalog's own owned_by edge then
// lands, and the entity, scanned later, is the same node. It also notes
// the catalog references that tag values spell (owner=group:default/dba),
// so that a bare dba elsewhere meets them whatever the order of the nodes.
func (h *hints) catalog(keys []string) {
	for _, n := range h.g.Nodes() {
		if n.Kind == graph.Owner {
			continue
		}
		for _, k := range keys {
			if v := n.Attrs[k]; v != "" {
				if _, found := h.aliases.Lookup(v); !found {
					if id, typ, ok := owners.HintID(v); ok && strings.HasPrefix(id, "backstage:") {
						h.addStub(strings.TrimPrefix(id, "backstage:"), id, typ)
					}
				}
			}
		}
		ref := n.Attrs[attrCatalogOwner]
		if ref == "" || n.Attrs[attrBackstageRef] == "" {
			continue
		}
		target := "backstage:" + ref
		if _, ok := h.g.Node(target); ok {
			continue
		}
		id, typ, ok := owners.HintID(ref)
		if !ok || id != target {
			continue // spec.owner of a kind that is no Group or User
		}
		h.record(id, typ, "catalog spec.owner", hintEvidence(n, h.conn, "spec.owner of "+n.Attrs[attrBackstageRef])).ref = ref
		h.addStub(ref, id, typ)
	}
}

// addStub files the names a catalog entity made in this pass answers to.
func (h *hints) addStub(ref, id, typ string) {
	s := stubRef{id, typ}
	h.stub[norm(ref)] = s
	if kind, rest, _ := strings.Cut(ref, ":"); strings.HasPrefix(rest, "default/") {
		name := strings.TrimPrefix(rest, "default/")
		h.stub[kind+":"+name] = s
		if kind == "group" {
			h.stub[name] = s
		}
	}
}

// owner returns the owner node a hint value v names, recording it when
// only hints name it. kind says what hint it is (the attribute, MAILTO).
// A value that names nobody and makes no owner (a local mailbox, a name
// two owners claim) returns false.
func (h *hints) owner(v, kind string, n graph.Node) (string, bool) {
	ev := hintEvidence(n, h.conn, fmt.Sprintf("%s=%s on %s", kind, v, n.ID))
	if id, ok := h.aliases.Lookup(v); ok {
		if on, ok := h.g.Node(id); ok && owners.ReferencedOnly(on) && h.aliases.Canonical(id) == id {
			h.record(id, on.Type, kind, ev).exists = true
		}
		return id, true
	}
	if s, ok := h.stub[norm(v)]; ok {
		h.record(s.id, s.typ, kind, ev).ref = strings.TrimPrefix(s.id, "backstage:")
		return s.id, true
	}
	id, typ, ok := owners.HintID(v)
	if !ok || (kind == "MAILTO" && !strings.HasPrefix(id, "person:")) {
		return "", false
	}
	if on, exists := h.g.Node(id); exists {
		if owners.Defined(on) || on.Kind != graph.Owner {
			return "", false // a name the aliases refused: two owners claim it
		}
		h.record(id, on.Type, kind, ev).exists = true
		return id, true
	}
	r := h.record(id, typ, kind, ev)
	r.names[norm(v)] = true
	if rest, ok := strings.CutPrefix(id, "backstage:"); ok {
		r.ref = rest
	}
	return id, true
}

// codeowners marks the owner nodes that other connectors made and nothing
// defines: CODEOWNERS' github-team:..., github-user:..., gitlab-group:...,
// unless an alias maps them onto a defined owner. Their own evidence holds
// the file and line that named them.
func (h *hints) codeowners() {
	for _, n := range h.g.Nodes() {
		if !owners.ReferencedOnly(n) || h.aliases.Canonical(n.ID) != n.ID {
			continue
		}
		kind := "named by another source"
		for _, ev := range n.Evidence {
			if ev.Connector == "codeowners" {
				kind = "CODEOWNERS"
				break
			}
		}
		if kind == "named by another source" && len(n.Evidence) > 0 {
			kind = n.Evidence[0].Connector
		}
		h.record(n.ID, n.Type, kind, graph.Evidence{}).exists = true
	}
}

// emit writes the referenced-only owners into b, in ID order.
func (h *hints) emit(b *graph.Builder) {
	ids := make([]string, 0, len(h.made))
	for id := range h.made {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		r := h.made[id]
		attrs := map[string]string{owners.AttrReferencedOnly: "true", owners.AttrNamedBy: jsonList(r.namedBy)}
		if !r.exists {
			// Names the node answers to anyway need no alias: its ID,
			// a person's address, a GitHub handle.
			delete(r.names, id)
			delete(r.names, strings.TrimPrefix(id, "person:"))
			if _, rest, ok := strings.Cut(id, ":"); ok && strings.HasPrefix(id, "github-") {
				delete(r.names, "@"+rest)
			}
			if len(r.names) > 0 {
				attrs["aliases"] = jsonList(r.names)
			}
			if r.ref != "" {
				attrs[attrBackstageRef] = r.ref
			}
			if rest, ok := strings.CutPrefix(id, "github-"); ok {
				_, handle, _ := strings.Cut(rest, ":")
				attrs["handle"] = "@" + handle
			}
		}
		b.AddNode(graph.Node{ID: id, Kind: graph.Owner, Type: r.typ, Attrs: attrs, Evidence: r.evidence})
	}
}

func jsonList(set map[string]bool) string {
	list := make([]string, 0, len(set))
	for k := range set {
		list = append(list, k)
	}
	slices.Sort(list)
	return graph.EncodeList(list)
}
