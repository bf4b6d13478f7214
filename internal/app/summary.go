package app

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/access"
	"github.com/convene-dev/convene/internal/owners"
)

// WriteSummary prints what a scan saw, what each connector did, what the
// graph holds and its diagnostics, for a person to read. With
// limitDiagnostics set (on a terminal) it prints only the first few
// diagnostics of each connector and file. It returns the first write error.
func WriteSummary(w io.Writer, r *ScanResult, limitDiagnostics bool) error {
	cw := CheckWrites(w)
	w = cw
	rt := r.Routing
	files, failed := r.Skipped()
	fmt.Fprintf(w, "scan: %d files seen, %d read by connectors, %d skipped with a diagnostic (%d binary and %d over the size limit left out) in %s\n",
		rt.Seen, rt.Routed, files, rt.Binary, rt.TooLarge, r.Duration.Round(time.Millisecond))
	if rt.Pseudo > 0 || rt.OtherFS > 0 {
		fmt.Fprintf(w, "left out: %d pseudo filesystem(s) such as /proc and /sys, %d other mounted filesystem(s) (--one-file-system)\n", rt.Pseudo, rt.OtherFS)
	}

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  connector\tfiles\ttook\tstatus")
	skipped := skippedByConnector(r.Graph.Diagnostics())
	for _, res := range r.Results {
		status := "ok"
		switch n := skipped[res.Connector]; {
		case res.Err != nil:
			status = "FAILED: " + res.Err.Error()
		case res.Files > 0 && n >= res.Files:
			status = fmt.Sprintf("NOTHING READ: all %d file(s) skipped with a diagnostic", res.Files)
		case n > 0:
			status = fmt.Sprintf("ok, %d of %d file(s) skipped with a diagnostic", n, res.Files)
		}
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\n", res.Connector, res.Files, res.Duration.Round(time.Millisecond), status)
	}
	tw.Flush()
	if failed > 0 {
		fmt.Fprintf(w, "%d connector(s) failed; their part of the estate is missing from the graph\n", failed)
	}

	g := r.Graph
	nodes, edges := g.Count()
	fmt.Fprintf(w, "graph: %d nodes (%s), %d edges (%s)\n",
		g.Len(), countList(nodes, graph.NodeKinds), len(g.Edges()), countList(edges, graph.EdgeKinds))
	if links := linksByRule(g); len(links) > 0 {
		fmt.Fprintf(w, "links: %s\n", links)
	}
	if esc := access.Counts(g); len(esc) > 0 {
		fmt.Fprintf(w, "escalations (can_become, by rule): %s\n", countList(esc, access.SortedRules(esc)))
	}
	if unres := unresolvedByType(g); unres != "" {
		fmt.Fprintf(w, "unresolved references: %s\n", unres)
	}
	owners.Resolve(g, owners.Options{TagKeys: r.TagKeys}).WriteSummary(w)
	if r.Saved != nil {
		fmt.Fprintf(w, "saved: snapshot %d of source %q\n", r.Saved.ID, r.Saved.Source)
	}
	writeDiagnostics(w, g.Diagnostics(), limitDiagnostics, r.DiagnosticsFile)
	return cw.Err()
}

func countList[K ~string](counts map[K]int, order []K) string {
	var parts []string
	for _, k := range order {
		if n := counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// linksByRule counts the edges each link rule contributed evidence to.
func linksByRule(g *graph.Graph) string { return sortedCounts(linkCounts(g)) }

// linkCounts counts, by link rule, the edges each rule contributed
// evidence to.
func linkCounts(g *graph.Graph) map[string]int {
	counts := map[string]int{}
	for _, e := range g.Edges() {
		seen := map[string]bool{}
		for _, ev := range e.Evidence {
			if rule, ok := strings.CutPrefix(ev.Connector, "link/"); ok && !seen[rule] {
				seen[rule] = true
				counts[rule]++
			}
		}
	}
	return counts
}

// unresolvedByType counts the nodes holding a reference convene could not
// resolve (a template, a variable), by node type.
func unresolvedByType(g *graph.Graph) string { return sortedCounts(unresolvedCounts(g)) }

func unresolvedCounts(g *graph.Graph) map[string]int {
	counts := map[string]int{}
	for _, n := range g.Nodes() {
		if n.Attrs[graph.AttrUnresolved] != "" {
			counts[n.Type]++
		}
	}
	return counts
}

func sortedCounts(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, counts[k])
	}
	return strings.Join(parts, ", ")
}
