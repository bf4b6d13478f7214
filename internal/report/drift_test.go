package report_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/drift"
	"github.com/convene-dev/convene/internal/goldenfile"
	"github.com/convene-dev/convene/internal/report"
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	goldenfile.Check(t, path, string(got))
}

func sampleDrift() *drift.Report {
	b := graph.NewBuilder()
	b.AddNode(graph.Node{ID: "team:payments", Kind: graph.Owner, Type: "team"})
	b.AddNode(graph.Node{ID: "aws-access-key:AKIAEXAMPLE", Kind: graph.Credential, Type: "aws-access-key", Attrs: map[string]string{"status": "Active"}})
	b.AddNode(graph.Node{ID: "host:batch-01/etc/cron.d/backup#root:restic", Kind: graph.Workload, Type: "cron-job", Name: "backup#root:restic",
		Attrs:    map[string]string{"command": "restic backup /srv --quiet", "user": "root"},
		Schedule: &graph.Schedule{Expr: "30 2 * * *", Dialect: graph.Cron},
		Evidence: []graph.Evidence{{Connector: "cron", Source: "hosts/batch-01/etc/cron.d/backup", Line: 3, Basis: graph.Declared}}})
	old := b.Build()
	b2 := graph.NewBuilder()
	b2.AddNode(graph.Node{ID: "team:payments", Kind: graph.Owner, Type: "team"})
	b2.AddNode(graph.Node{ID: "aws-access-key:AKIAEXAMPLE", Kind: graph.Credential, Type: "aws-access-key", Attrs: map[string]string{"status": "Inactive"}})
	b2.AddNode(graph.Node{ID: "arn:aws:iam::111122223333:role/new|admin", Kind: graph.Identity, Type: "aws-role"})
	b2.AddNode(graph.Node{ID: "k8s:prod-eu/payments/cronjob/settle", Kind: graph.Workload, Type: "k8s-workload", Name: "settle",
		Attrs:    map[string]string{"images": "registry.example.com/settle:1.4", "namespace": "payments", "cluster": "prod-eu"},
		Schedule: &graph.Schedule{Expr: "0 1 * * *", Dialect: graph.Cron, TimeZone: "Europe/Berlin"}})
	b2.AddEdge(graph.Edge{From: "arn:aws:iam::111122223333:role/new|admin", To: "team:payments", Kind: graph.OwnedBy})
	r := drift.Compare(old, b2.Build())
	r.From, r.To = "snapshot 1 (2026-11-22)", "snapshot 2 (2026-11-29)"
	return r
}

func TestDriftFormats(t *testing.T) {
	for _, format := range report.Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.Drift(&buf, format, sampleDrift()); err != nil {
				t.Fatal(err)
			}
			golden(t, "drift."+format, buf.Bytes())
		})
	}
	if err := report.Drift(&bytes.Buffer{}, "pdf", sampleDrift()); err == nil {
		t.Error("unknown format accepted")
	}
}
