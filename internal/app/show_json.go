package app

import (
	"context"
	"encoding/json"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/schemas"
)

// The JSON shape of `convene show --format json`; docs/schemas.md documents
// it and schemas/show.schema.json pins it. Nodes, edges and evidence have
// the graph file's shapes.
type (
	showDoc struct {
		Schema  string   `json:"$schema"`
		Format  string   `json:"format"`
		Version int      `json:"version"`
		Node    showNode `json:"node"`
		// Ownable says whether the node is expected to have an owner;
		// Owners and OwnerConflicts are empty when it is not.
		Ownable        bool        `json:"ownable"`
		Owners         []showOwner `json:"owners"`
		OwnerConflicts []string    `json:"owner_conflicts"`
		EdgesOut       []showEdge  `json:"edges_out"`
		EdgesIn        []showEdge  `json:"edges_in"`
	}
	showNode struct {
		ID       string            `json:"id"`
		Kind     string            `json:"kind"`
		Type     string            `json:"type,omitempty"`
		Name     string            `json:"name,omitempty"`
		Attrs    map[string]string `json:"attrs"`
		Schedule *showSchedule     `json:"schedule,omitempty"`
		Evidence []showEvidence    `json:"evidence"`
	}
	showSchedule struct {
		Expr     string `json:"expr"`
		Dialect  string `json:"dialect"`
		TimeZone string `json:"time_zone,omitempty"`
	}
	showEdge struct {
		From     string            `json:"from"`
		To       string            `json:"to"`
		Kind     string            `json:"kind"`
		Attrs    map[string]string `json:"attrs,omitempty"`
		Evidence []showEvidence    `json:"evidence"`
	}
	showEvidence struct {
		Connector string           `json:"connector"`
		Source    string           `json:"source,omitempty"`
		Line      int              `json:"line,omitempty"`
		Basis     string           `json:"basis,omitempty"`
		Note      string           `json:"note,omitempty"`
		Observed  *showObservation `json:"observed,omitempty"`
	}
	showObservation struct {
		FirstSeen time.Time `json:"first_seen"`
		LastSeen  time.Time `json:"last_seen"`
		Count     int64     `json:"count"`
		Sources   []string  `json:"sources,omitempty"`
	}
	// showOwner is one owner with its provenance: the source that named
	// it, its precedence, the name the source used and how an inherited
	// owner was reached.
	showOwner struct {
		ID             string         `json:"id"`
		Name           string         `json:"name,omitempty"`
		Raw            string         `json:"raw,omitempty"`
		Source         string         `json:"source"`
		Precedence     int            `json:"precedence"`
		Effective      bool           `json:"effective"`
		Via            string         `json:"via,omitempty"`
		ReferencedOnly bool           `json:"referenced_only"`
		Evidence       []showEvidence `json:"evidence"`
	}
)

// ShowJSON writes what Show prints as one JSON document.
func (a *App) ShowJSON(ctx context.Context, src GraphSource, ref string) error {
	g, _, err := src.load(ctx)
	if err != nil {
		return err
	}
	n, err := g.Resolve(ref)
	if err != nil {
		return err
	}
	doc := showDoc{Schema: schemas.Show, Format: "convene-show", Version: 1,
		Node:   showNode{ID: n.ID, Kind: string(n.Kind), Type: n.Type, Name: n.Name, Attrs: n.Attrs, Evidence: showEvidences(n.Evidence)},
		Owners: []showOwner{}, OwnerConflicts: []string{}, EdgesOut: showEdges(g.Out(n.ID)), EdgesIn: showEdges(g.In(n.ID))}
	if doc.Node.Attrs == nil {
		doc.Node.Attrs = map[string]string{}
	}
	if s := n.Schedule; s != nil {
		doc.Node.Schedule = &showSchedule{s.Expr, string(s.Dialect), s.TimeZone}
	}
	if no, ok := owners.Of(g, n.ID); ok {
		doc.Ownable = true
		for _, o := range no.Owners {
			doc.Owners = append(doc.Owners, showOwner{ID: o.ID, Name: o.Name, Raw: o.Raw, Source: string(o.Source), Precedence: o.Precedence,
				Effective: o.Effective, Via: o.Via, ReferencedOnly: o.ReferencedOnly, Evidence: showEvidences(o.Evidence)})
		}
		if no.Conflicts != nil {
			doc.OwnerConflicts = no.Conflicts
		}
	}
	cw := CheckWrites(a.Stdout)
	enc := json.NewEncoder(cw)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return cw.Err()
}

func showEdges(es []graph.Edge) []showEdge {
	out := make([]showEdge, 0, len(es))
	for _, e := range es {
		out = append(out, showEdge{e.From, e.To, string(e.Kind), e.Attrs, showEvidences(e.Evidence)})
	}
	return out
}

func showEvidences(evs []graph.Evidence) []showEvidence {
	out := make([]showEvidence, 0, len(evs))
	for _, ev := range evs {
		se := showEvidence{ev.Connector, ev.Source, ev.Line, string(ev.Basis), ev.Note, nil}
		if o := ev.Observed; o != nil {
			se.Observed = &showObservation{o.FirstSeen.UTC(), o.LastSeen.UTC(), o.Count, o.Sources}
		}
		out = append(out, se)
	}
	return out
}
