package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Neo4j writes g as the files a Neo4j database is loaded from:
//
//   - nodes.csv and relationships.csv, with the header syntax of
//     `neo4j-admin database import full` (id:ID, :LABEL, :START_ID,
//     :END_ID, :TYPE), for a new database;
//   - load.cypher, a LOAD CSV script over the same two files, for an
//     existing database (put the files in its import folder), which MERGEs
//     by ID so that loading a later scan updates the earlier one.
//
// Every node has the label Convene, its kind's label (Identity, Workload, …)
// and its type's (AwsRole, CronJob, …); relationship types are the edge
// kinds in upper case (ASSUMES, RUNS_AS). Attributes travel as one JSON
// string property, attrs, since Neo4j properties cannot be maps.
func Neo4j(fs Files, g *graph.Graph, _ Options) error {
	if err := writeFile(fs, "nodes.csv", func(w io.Writer) error { return neo4jNodes(w, g) }); err != nil {
		return err
	}
	if err := writeFile(fs, "relationships.csv", func(w io.Writer) error { return neo4jRelationships(w, g) }); err != nil {
		return err
	}
	return writeFile(fs, "load.cypher", neo4jScript)
}

func neo4jNodes(w io.Writer, g *graph.Graph) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id:ID", ":LABEL", "name", "kind", "type", "schedule", "basis", "attrs", "evidence"})
	for _, n := range g.Nodes() {
		labels := []string{"Convene", pascal(string(n.Kind))}
		if t := pascal(n.Type); t != "" {
			labels = append(labels, t)
		}
		cw.Write([]string{n.ID, strings.Join(labels, ";"), label(n), string(n.Kind), n.Type,
			scheduleText(n.Schedule), strongestBasis(n.Evidence), attrsJSON(n.Attrs), evidenceText(n.Evidence)})
	}
	cw.Flush()
	return cw.Error()
}

func neo4jRelationships(w io.Writer, g *graph.Graph) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{":START_ID", ":END_ID", ":TYPE", "basis", "attrs", "evidence"})
	for _, e := range g.Edges() {
		cw.Write([]string{e.From, e.To, relType(e.Kind), strongestBasis(e.Evidence), attrsJSON(e.Attrs), evidenceText(e.Evidence)})
	}
	cw.Flush()
	return cw.Error()
}

func relType(k graph.EdgeKind) string { return strings.ToUpper(string(k)) }

func attrsJSON(attrs map[string]string) string {
	if len(attrs) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(attrs) // a map of strings always encodes
	return string(b)
}

// neo4jScript writes the LOAD CSV script. Cypher cannot take a label or a
// relationship type from data without a plugin, so the script has one
// statement per node kind and per edge kind; types beyond the kinds are
// set from the :LABEL column only by neo4j-admin import.
func neo4jScript(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`// Load a convene graph export into Neo4j. Put nodes.csv and
// relationships.csv in the database's import folder, then run this file
// (cypher-shell -f load.cypher). Loading a later export updates nodes and
// relationships by ID; it does not delete what a later scan no longer has.
CREATE CONSTRAINT convene_id IF NOT EXISTS FOR (n:Convene) REQUIRE n.id IS UNIQUE;
`)
	for _, k := range graph.NodeKinds {
		fmt.Fprintf(bw, `
LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
WITH row WHERE row.kind = '%s'
MERGE (n:Convene {id: row.`+"`id:ID`"+`})
SET n:%s, n.name = row.name, n.kind = row.kind, n.type = row.type,
    n.schedule = row.schedule, n.basis = row.basis, n.attrs = row.attrs, n.evidence = row.evidence;
`, k, pascal(string(k)))
	}
	for _, k := range graph.EdgeKinds {
		fmt.Fprintf(bw, `
LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row
WITH row WHERE row.`+"`:TYPE`"+` = '%[1]s'
MATCH (a:Convene {id: row.`+"`:START_ID`"+`}), (b:Convene {id: row.`+"`:END_ID`"+`})
MERGE (a)-[r:%[1]s]->(b)
SET r.basis = row.basis, r.attrs = row.attrs, r.evidence = row.evidence;
`, relType(k))
	}
	return bw.Flush()
}
