package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/report"
)

func sampleFindings(t *testing.T) *findings.Report {
	t.Helper()
	b := graph.NewBuilder()
	ev := func(src string, line int) []graph.Evidence {
		return []graph.Evidence{{Connector: "test", Source: src, Line: line, Basis: graph.Declared}}
	}
	b.AddNode(graph.Node{ID: "github.com/northwind/payments-api/.github/workflows/legacy-report.yml#report", Kind: graph.Workload, Type: "ci-job", Evidence: ev("repos/payments-api/.github/workflows/legacy-report.yml", 12)})
	b.AddNode(graph.Node{ID: "github.com/northwind/payments-api/secrets/AWS_ACCESS_KEY_ID", Kind: graph.Credential, Type: "ci-secret", Name: "AWS_ACCESS_KEY_ID", Evidence: ev("repos/payments-api/.github/workflows/legacy-report.yml", 20)})
	b.AddEdge(graph.Edge{From: "github.com/northwind/payments-api/.github/workflows/legacy-report.yml#report", To: "github.com/northwind/payments-api/secrets/AWS_ACCESS_KEY_ID", Kind: graph.Uses,
		Attrs: map[string]string{"aws_access_key": "true"}, Evidence: ev("repos/payments-api/.github/workflows/legacy-report.yml", 20)})
	b.AddNode(graph.Node{ID: "arn:aws:iam::444455556666:role/github-actions-ci", Kind: graph.Identity, Type: "aws-role",
		Evidence: []graph.Evidence{{Connector: "aws", Source: "iam:GetAccountAuthorizationDetails", Basis: graph.Configured}}})
	r, err := findings.Run(context.Background(), b.Build(), findings.Thresholds{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)},
		[]findings.Suppression{{RuleID: "NHI-UNOWNED", Match: func(id string) bool { return id == "arn:aws:iam::444455556666:role/github-actions-ci" }, Reason: "owned by the platform team from December (CHG-9)"}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFindingsFormats(t *testing.T) {
	r := sampleFindings(t)
	for _, format := range report.FindingsFormats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.Findings(&buf, format, r, "test"); err != nil {
				t.Fatal(err)
			}
			golden(t, "findings."+format, buf.Bytes())
		})
	}
}

// sarifSchema finds the official SARIF 2.1.0 JSON schema (OASIS errata01)
// in a Go module that ships a copy, through the module proxy.
func sarifSchema(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "mod", "download", "-json", "github.com/securego/gosec/v2@v2.30.0").Output()
	if err != nil {
		t.Skipf("cannot fetch the SARIF schema through the Go module proxy (%v); run with the proxy reachable", err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Skipf("go mod download gave no folder: %s", out)
	}
	return filepath.Join(mod.Dir, "report", "sarif", "testdata", "sarif-schema-2.1.0.json")
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	path := sarifSchema(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.Findings(&buf, "sarif", sampleFindings(t), "test"); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("SARIF output does not validate:\n%v", err)
	}
	// And a document the schema must reject, so the test can fail.
	bad, _ := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(`{"version":"2.1.0","runs":[{"results":[]}]}`)))
	if schema.Validate(bad) == nil {
		t.Error("the schema accepted a run without a tool")
	}
}

// TestGitLabReportShape checks what GitLab's security report schema (15.x)
// requires of a SAST report: a version, a scan with analyzer, scanner,
// type, times and status, and per vulnerability an ID, a known severity,
// identifiers and a location; suppressed findings are left out.
func TestGitLabReportShape(t *testing.T) {
	var buf bytes.Buffer
	r := sampleFindings(t)
	if err := report.Findings(&buf, "gitlab", r, "test"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version         string
		Vulnerabilities []struct {
			ID, Name, Severity string
			Identifiers        []struct{ Type, Name, Value string }
			Location           struct {
				File      string
				StartLine int `json:"start_line"`
			}
		}
		Scan struct {
			Analyzer, Scanner struct{ ID, Name, Version string }
			Type, Status      string
			StartTime         string `json:"start_time"`
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	open := 0
	for _, f := range r.Findings {
		if f.Suppressed == "" {
			open++
		}
	}
	if doc.Version == "" || doc.Scan.Type != "sast" || doc.Scan.Status != "success" || doc.Scan.Analyzer.ID == "" ||
		doc.Scan.Scanner.ID == "" || doc.Scan.StartTime != "2026-11-29T00:00:00" || len(doc.Vulnerabilities) != open {
		t.Errorf("report header %+v with %d vulnerabilities, want %d", doc.Scan, len(doc.Vulnerabilities), open)
	}
	seen := map[string]bool{}
	for _, v := range doc.Vulnerabilities {
		if !uuid.MatchString(v.ID) || seen[v.ID] || !slices.Contains([]string{"Critical", "High", "Medium", "Low", "Info", "Unknown"}, v.Severity) ||
			len(v.Identifiers) == 0 || v.Identifiers[0].Type != "convene_rule" || v.Location.File == "" {
			t.Errorf("vulnerability %+v", v)
		}
		seen[v.ID] = true
	}
}
