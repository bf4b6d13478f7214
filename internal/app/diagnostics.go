package app

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/convene-dev/convene/graph"
)

// Diagnostic display limits: on a terminal a scan prints at most
// perConnector diagnostics of each connector and perFile of each file, then
// counts the rest; the --diagnostics file holds every one.
const (
	perConnector = 5
	perFile      = 3
)

// writeDiagnostics prints ds; with limit set, only the first few of each
// connector and file, then how many more each connector had and where to
// find them.
func writeDiagnostics(w io.Writer, ds []graph.Diagnostic, limit bool, file string) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "diagnostics: %d\n", len(ds))
	byConn := map[string]int{}
	byFile := map[[2]string]int{}
	hidden := map[string]int{}
	for _, d := range ds {
		c, f := d.Connector, [2]string{d.Connector, d.File}
		byConn[c]++
		byFile[f]++
		if limit && (byConn[c] > perConnector || byFile[f] > perFile) {
			hidden[c]++
			continue
		}
		fmt.Fprintf(w, "  %s\n", d)
	}
	if len(hidden) == 0 {
		return
	}
	where := "rerun with --diagnostics FILE to have every one in a file"
	if file != "" {
		where = "every one is in " + file
	}
	for _, c := range slices.Sorted(maps.Keys(hidden)) {
		name := c
		if name == "" {
			name = "(no connector)"
		}
		fmt.Fprintf(w, "  … %d more from %s; %s\n", hidden[c], name, where)
	}
}

// diagnosticJSON is one line of a --diagnostics file; docs/configuration.md
// documents it.
type diagnosticJSON struct {
	Severity  string `json:"severity"`
	Connector string `json:"connector,omitempty"`
	File      string `json:"file,omitempty"`
	Line      int    `json:"line,omitempty"`
	Message   string `json:"message"`
}

// writeDiagnosticsJSON writes every diagnostic as one JSON object a line.
func writeDiagnosticsJSON(w io.Writer, ds []graph.Diagnostic) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range ds {
		if err := enc.Encode(diagnosticJSON{string(d.Severity), d.Connector, d.File, d.Line, d.Message}); err != nil {
			return err
		}
	}
	return nil
}

// skippedByConnector counts, per connector, the files it was given that
// came back with an error diagnostic from it.
func skippedByConnector(ds []graph.Diagnostic) map[string]int {
	seen := map[[2]string]bool{}
	out := map[string]int{}
	for _, d := range ds {
		k := [2]string{d.Connector, d.File}
		if d.Severity == graph.Error && d.File != "" && !seen[k] {
			seen[k] = true
			out[d.Connector]++
		}
	}
	return out
}
