package app

import (
	"encoding/json"
	"io"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
	"github.com/convene-dev/convene/internal/owners"
	"github.com/convene-dev/convene/schemas"
)

// The JSON shape of a scan summary (scan --summary json); docs/schemas.md
// documents it and schemas/scan-summary.schema.json pins it.
type (
	summaryDoc struct {
		Schema     string             `json:"$schema"`
		Format     string             `json:"format"`
		Version    int                `json:"version"`
		Files      summaryFiles       `json:"files"`
		DurationMS int64              `json:"duration_ms"`
		Connectors []summaryConnector `json:"connectors"`
		Failed     int                `json:"failed_connectors"`
		Graph      summaryGraph       `json:"graph"`
		// Links counts, by link rule, the edges the rule gave evidence to.
		Links map[string]int `json:"links"`
		// Escalations counts can_become edges by rule.
		Escalations map[string]int `json:"escalations"`
		// Unresolved counts, by node type, nodes holding a reference
		// convene could not resolve.
		Unresolved  map[string]int     `json:"unresolved"`
		Ownership   summaryOwnership   `json:"ownership"`
		Saved       *summarySaved      `json:"saved,omitempty"`
		Diagnostics summaryDiagnostics `json:"diagnostics"`
	}
	summaryFiles struct {
		Seen       int `json:"seen"`
		Read       int `json:"read"`
		Skipped    int `json:"skipped"`
		Binary     int `json:"binary"`
		TooLarge   int `json:"too_large"`
		Unreadable int `json:"unreadable"`
		Pseudo     int `json:"pseudo_filesystems"`
		OtherFS    int `json:"other_filesystems"`
	}
	summaryConnector struct {
		Name       string `json:"name"`
		Files      int    `json:"files"`
		Skipped    int    `json:"skipped_files"`
		DurationMS int64  `json:"duration_ms"`
		// Status is ok, partial (some files skipped), nothing_read or
		// failed.
		Status string `json:"status"`
		Error  string `json:"error,omitempty"`
	}
	summaryGraph struct {
		Nodes       int            `json:"nodes"`
		Edges       int            `json:"edges"`
		NodesByKind map[string]int `json:"nodes_by_kind"`
		EdgesByKind map[string]int `json:"edges_by_kind"`
	}
	summaryOwnership struct {
		Ownable         int            `json:"ownable"`
		Unowned         int            `json:"unowned"`
		UnownedByKind   map[string]int `json:"unowned_by_kind"`
		Conflicting     int            `json:"conflicting"`
		UnresolvedHints int            `json:"unresolved_hints"`
		ReferencedOnly  int            `json:"referenced_only"`
	}
	summarySaved struct {
		ID     int64  `json:"id"`
		Source string `json:"source"`
	}
	summaryDiagnostics struct {
		Total    int    `json:"total"`
		Errors   int    `json:"errors"`
		Warnings int    `json:"warnings"`
		File     string `json:"file,omitempty"`
	}
)

// WriteSummaryJSON writes what WriteSummary prints as one JSON document, for
// tools: file counts, each connector's status, graph counts, links,
// escalations, ownership and diagnostic counts. The diagnostics themselves
// are in the graph file, or every one in the --diagnostics file.
func WriteSummaryJSON(w io.Writer, r *ScanResult) error {
	g, rt := r.Graph, r.Routing
	files, failed := r.Skipped()
	doc := summaryDoc{Schema: schemas.ScanSummary, Format: "convene-scan-summary", Version: 1,
		Files:      summaryFiles{rt.Seen, rt.Routed, files, rt.Binary, rt.TooLarge, rt.Unreadable, rt.Pseudo, rt.OtherFS},
		DurationMS: r.Duration.Milliseconds(), Connectors: []summaryConnector{}, Failed: failed,
		Links: linkCounts(g), Escalations: access.Counts(g), Unresolved: unresolvedCounts(g)}
	skipped := skippedByConnector(g.Diagnostics())
	for _, res := range r.Results {
		c := summaryConnector{Name: res.Connector, Files: res.Files, Skipped: skipped[res.Connector], DurationMS: res.Duration.Milliseconds(), Status: "ok"}
		switch {
		case res.Err != nil:
			c.Status, c.Error = "failed", res.Err.Error()
		case res.Files > 0 && c.Skipped >= res.Files:
			c.Status = "nothing_read"
		case c.Skipped > 0:
			c.Status = "partial"
		}
		doc.Connectors = append(doc.Connectors, c)
	}
	nodes, edges := g.Count()
	doc.Graph = summaryGraph{Nodes: g.Len(), Edges: len(g.Edges()), NodesByKind: map[string]int{}, EdgesByKind: map[string]int{}}
	for k, n := range nodes {
		doc.Graph.NodesByKind[string(k)] = n
	}
	for k, n := range edges {
		doc.Graph.EdgesByKind[string(k)] = n
	}
	own := owners.Resolve(g, owners.Options{TagKeys: r.TagKeys})
	doc.Ownership = summaryOwnership{Ownable: len(own.Nodes), UnownedByKind: map[string]int{}, Conflicting: len(own.Conflicted()),
		UnresolvedHints: len(own.Unresolved), ReferencedOnly: len(own.Referenced)}
	for k, n := range own.UnownedCounts() {
		if n > 0 {
			doc.Ownership.UnownedByKind[string(k)] = n
			doc.Ownership.Unowned += n
		}
	}
	if r.Saved != nil {
		doc.Saved = &summarySaved{r.Saved.ID, r.Saved.Source}
	}
	doc.Diagnostics.File = r.DiagnosticsFile
	for _, d := range g.Diagnostics() {
		doc.Diagnostics.Total++
		if d.Severity == graph.Error {
			doc.Diagnostics.Errors++
		} else {
			doc.Diagnostics.Warnings++
		}
	}
	cw := CheckWrites(w)
	enc := json.NewEncoder(cw)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return cw.Err()
}
