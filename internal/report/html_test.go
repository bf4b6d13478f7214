package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/report"
)

// TestPlanHTMLParity: the HTML plan carries what the Markdown plan does —
// environment, target owner, impact counts, change notes, contacts,
// "because" lines, steps — and its provenance; its picture writes each
// edge's kind and each node's type.
func TestPlanHTMLParity(t *testing.T) {
	p, g := samplePlan(t)
	p.Change.Environment = "production"
	p.Change.Notes = "coordinate with the ledger team"
	prov := report.Provenance{Version: "v1.4.0", Graph: "estate.json", Generated: time.Date(2026, 11, 29, 12, 0, 0, 0, time.FixedZone("CET", 3600))}
	var buf bytes.Buffer
	if err := report.PlanWith(&buf, "html", p, g, nil, prov); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{
		"<tr><th>Environment</th><td>production</td></tr>",
		"<tr><th>Target owner</th><td>team:payments (direct (owners-file))</td></tr>",
		"<tr><th>Impact</th><td>1 breaks, 1 update-copy, 1 restart, 3 auto</td></tr>",
		"<tr><th>Notes</th><td>coordinate with the ledger team</td></tr>",
		"<tr><th>Window</th><td>2026-12-01T22:00:00Z for 2h</td></tr>",
		"<td>slack #payments-eng</td>",
		"because: ",
		`<table id="steps">`,
		"Made by convene v1.4.0 from estate.json at 2026-11-29 11:00:00 UTC.",
		`<text class="edge-label"`,
		`>copy_of</text>`,
		`fill="#222">ci-job</text>`,
		`marker-end="url(#arrow)"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML plan lacks %q", want)
		}
	}
	// Markdown has the same facts.
	buf.Reset()
	if err := report.PlanWith(&buf, "md", p, g, nil, prov); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"**Environment:** production", "**Target owner:** team:payments", "**Impact:** 1 breaks, 1 update-copy, 1 restart, 3 auto", "**Notes:** coordinate with the ledger team", "contact: slack #payments-eng"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the Markdown plan lacks %q", want)
		}
	}
}

// TestPictureTellsJobsApart: two jobs called "deploy" in different
// repositories get different boxes, each naming its type and repository.
func TestPictureTellsJobsApart(t *testing.T) {
	b := graph.NewBuilder()
	ev := []graph.Evidence{{Connector: "test", Source: "estate", Line: 1, Basis: graph.Declared}}
	b.AddNode(graph.Node{ID: "vault:secret/shared/token", Kind: graph.Credential, Type: "vault-kv-secret", Name: "token", Evidence: ev})
	for _, repo := range []string{"github.com/northwind/payments-api", "gitlab.com/northwind/ledger"} {
		job := repo + "/ci.yml#deploy"
		b.AddNode(graph.Node{ID: repo, Kind: graph.Location, Type: "repository", Name: strings.SplitN(repo, "/", 2)[1], Evidence: ev})
		b.AddNode(graph.Node{ID: job, Kind: graph.Workload, Type: "ci-job", Name: "deploy", Evidence: ev})
		b.AddEdge(graph.Edge{From: job, To: "vault:secret/shared/token", Kind: graph.Reads, Evidence: ev})
		b.AddEdge(graph.Edge{From: job, To: repo, Kind: graph.PartOf, Evidence: ev})
	}
	g := b.Build()
	p, err := planner.Make(g, planner.Change{Action: planner.Rotate, Targets: []string{"vault:secret/shared/token"}}, planner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.Plan(&buf, "html", p, g, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`fill="#222">ci-job · northwind/payments-api</text>`, `fill="#222">ci-job · northwind/ledger</text>`} {
		if strings.Count(buf.String(), want) != 1 {
			t.Errorf("the picture lacks %q once", want)
		}
	}
}
