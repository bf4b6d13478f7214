package export

import (
	"encoding/json"
	"io"

	"github.com/convene-dev/convene/graph"
)

// OpenGraphSourceKind is the source kind convene's OpenGraph payloads
// declare, so BloodHound can clear convene's data without touching the rest.
const OpenGraphSourceKind = "Convene"

// BloodHound's OpenGraph payload: {"metadata":{"source_kind"},
// "graph":{"nodes":[{id,kinds,properties}],"edges":[{start,end,kind,properties}]}}.
// Properties are flat: strings, numbers, booleans or arrays of one of them.
type (
	ogDocument struct {
		Metadata ogMetadata `json:"metadata"`
		Graph    ogGraph    `json:"graph"`
	}
	ogMetadata struct {
		SourceKind string `json:"source_kind"`
	}
	ogGraph struct {
		Nodes []ogNode `json:"nodes"`
		Edges []ogEdge `json:"edges"`
	}
	ogNode struct {
		ID         string         `json:"id"`
		Kinds      []string       `json:"kinds"`
		Properties map[string]any `json:"properties"`
	}
	ogEdge struct {
		Start      ogEnd          `json:"start"`
		End        ogEnd          `json:"end"`
		Kind       string         `json:"kind"`
		Properties map[string]any `json:"properties,omitempty"`
	}
	ogEnd struct {
		MatchBy string `json:"match_by"`
		Value   string `json:"value"`
	}
)

// OpenGraph writes g as a BloodHound OpenGraph payload, so BloodHound CE or
// Enterprise users can load convene's NHI graph beside their other data.
// A node's kinds are its type, its kind and "Convene", each spelt as an
// identifier with the prefix "Convene" (an aws-role identity is
// ["ConveneAwsRole", "ConveneIdentity", "Convene"]); an edge's kind is
// "Convene" and its kind ("ConveneAssumes"). Edges keep convene's
// direction: A -> B means A depends on, or can act as, B — the direction
// BloodHound reads attack paths in. docs/export.md has the whole mapping.
func OpenGraph(w io.Writer, g *graph.Graph) error {
	doc := ogDocument{
		Metadata: ogMetadata{SourceKind: OpenGraphSourceKind},
		Graph:    ogGraph{Nodes: make([]ogNode, 0, g.Len()), Edges: make([]ogEdge, 0, len(g.Edges()))},
	}
	for _, n := range g.Nodes() {
		props := map[string]any{
			"objectid":      n.ID,
			"name":          label(n),
			"displayname":   label(n),
			"convene_kind":  string(n.Kind),
			"convene_type":  n.Type,
			"evidence":      len(n.Evidence),
			"convene_basis": strongestBasis(n.Evidence),
		}
		if s := scheduleText(n.Schedule); s != "" {
			props["schedule"] = s
		}
		for k, v := range n.Attrs {
			props["attr_"+k] = v
		}
		kinds := []string{OpenGraphSourceKind + pascal(string(n.Kind)), OpenGraphSourceKind}
		if n.Type != "" {
			kinds = append([]string{OpenGraphSourceKind + pascal(n.Type)}, kinds...)
		}
		doc.Graph.Nodes = append(doc.Graph.Nodes, ogNode{ID: n.ID, Kinds: kinds, Properties: props})
	}
	for _, e := range g.Edges() {
		props := map[string]any{"convene_kind": string(e.Kind), "convene_basis": strongestBasis(e.Evidence), "evidence": len(e.Evidence)}
		for k, v := range e.Attrs {
			props["attr_"+k] = v
		}
		doc.Graph.Edges = append(doc.Graph.Edges, ogEdge{
			Start: ogEnd{"id", e.From}, End: ogEnd{"id", e.To},
			Kind: OpenGraphSourceKind + pascal(string(e.Kind)), Properties: props,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}
