package export

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/convene-dev/convene/graph"
)

// The Cytoscape.js elements JSON, which Cytoscape desktop also imports
// (File > Import > Network from File, "Cytoscape.js JSON").
type (
	cyDocument struct {
		FormatVersion  string     `json:"format_version"`
		GeneratedBy    string     `json:"generated_by"`
		TargetCytoscap string     `json:"target_cytoscapejs_version"`
		Data           cyData     `json:"data"`
		Elements       cyElements `json:"elements"`
	}
	cyData     map[string]string
	cyElements struct {
		Nodes []cyElement `json:"nodes"`
		Edges []cyElement `json:"edges"`
	}
	cyElement struct {
		Data cyData `json:"data"`
	}
)

// Cytoscape writes g as Cytoscape.js JSON: each node's data holds id,
// name (its label), kind, type, schedule, basis and its attributes as
// "attr_<name>"; each edge's data holds id, source, target, kind (also as
// "interaction", the column Cytoscape desktop styles edges by) and basis.
// Every value is a string, so every column has one type.
func Cytoscape(w io.Writer, g *graph.Graph) error {
	doc := cyDocument{
		FormatVersion: "1.0", GeneratedBy: "convene", TargetCytoscap: "~3.0",
		Data: cyData{"name": "convene"},
		Elements: cyElements{
			Nodes: make([]cyElement, 0, g.Len()),
			Edges: make([]cyElement, 0, len(g.Edges())),
		},
	}
	for _, n := range g.Nodes() {
		d := cyData{"id": n.ID, "name": label(n), "kind": string(n.Kind), "type": n.Type}
		setNonEmpty(d, "schedule", scheduleText(n.Schedule))
		setNonEmpty(d, "basis", strongestBasis(n.Evidence))
		for k, v := range n.Attrs {
			d["attr_"+k] = v
		}
		doc.Elements.Nodes = append(doc.Elements.Nodes, cyElement{d})
	}
	for i, e := range g.Edges() {
		d := cyData{"id": fmt.Sprintf("e%d", i), "source": e.From, "target": e.To, "kind": string(e.Kind), "interaction": string(e.Kind)}
		setNonEmpty(d, "basis", strongestBasis(e.Evidence))
		for k, v := range e.Attrs {
			d["attr_"+k] = v
		}
		doc.Elements.Edges = append(doc.Elements.Edges, cyElement{d})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

func setNonEmpty(d map[string]string, k, v string) {
	if v != "" {
		d[k] = v
	}
}
