package app

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/graph"
)

func TestWriteDiagnosticsLimits(t *testing.T) {
	var ds []graph.Diagnostic
	for i := range 5 { // five in one file: three shown
		ds = append(ds, graph.Diagnostic{Connector: "cron", File: "a", Line: i + 1, Severity: graph.Warning, Message: "odd"})
	}
	ds = append(ds, graph.Diagnostic{Connector: "jenkins", File: "b", Severity: graph.Error, Message: "bad"})
	var sb strings.Builder
	writeDiagnostics(&sb, ds, true, "")
	want := `diagnostics: 6
  a:1: warning: odd [cron]
  a:2: warning: odd [cron]
  a:3: warning: odd [cron]
  b: error: bad [jenkins]
  … 2 more from cron; rerun with --diagnostics FILE to have every one in a file
`
	if diff := cmp.Diff(want, sb.String()); diff != "" {
		t.Errorf("limited (-want +got):\n%s", diff)
	}
	sb.Reset()
	writeDiagnostics(&sb, ds, false, "")
	if got := strings.Count(sb.String(), "\n"); got != 7 {
		t.Errorf("unlimited: %d lines\n%s", got, sb.String())
	}
	if diff := cmp.Diff(map[string]int{"jenkins": 1}, skippedByConnector(ds)); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
}
