package report

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/schemas"
)

// FindingsFormats lists the formats findings render to.
var FindingsFormats = []string{"text", "md", "json", "sarif", "gitlab"}

// Findings writes a findings report in the given format. version is
// convene's, recorded in SARIF's tool description.
func Findings(w io.Writer, format string, r *findings.Report, version string) error {
	return checked(w, func(w io.Writer) error {
		switch format {
		case "text":
			return findingsText(w, r, false)
		case "md":
			return findingsText(w, r, true)
		case "json":
			return findingsJSON(w, r)
		case "sarif":
			return findingsSARIF(w, r, version)
		case "gitlab":
			return findingsGitLab(w, r, version, r.Now)
		}
		return fmt.Errorf("unknown format %q; choose one of: %s", format, strings.Join(FindingsFormats, ", "))
	})
}

func ruleByID(r *findings.Report) map[string]findings.Rule {
	m := map[string]findings.Rule{}
	for _, rule := range r.Rules {
		m[rule.ID] = rule
	}
	return m
}

func findingsText(w io.Writer, r *findings.Report, md bool) error {
	rules := ruleByID(r)
	counts := map[findings.Severity]int{}
	suppressed := 0
	for _, f := range r.Findings {
		if f.Suppressed != "" {
			suppressed++
			continue
		}
		counts[f.Severity]++
	}
	var parts []string
	for _, s := range findings.Severities {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
	}
	if md {
		fmt.Fprintf(w, "# Findings\n\n%s; %d suppressed\n\n", strings.Join(parts, ", "), suppressed)
	} else {
		fmt.Fprintf(w, "findings: %s; %d suppressed\n", strings.Join(parts, ", "), suppressed)
	}
	for _, f := range r.Findings {
		if r.HideSuppressed && f.Suppressed != "" {
			continue
		}
		rule := rules[f.RuleID]
		mark := ""
		if f.New {
			mark = " NEW"
		}
		if f.Suppressed != "" {
			mark += " (suppressed: " + f.Suppressed + ")"
		}
		maps := strings.Join(append(append(rule.Mapping.OWASP, rule.Mapping.NIST...), rule.Mapping.MAESTRO...), ", ")
		if md {
			fmt.Fprintf(w, "## %s — %s%s\n\n", strings.ToUpper(string(f.Severity)), rule.Title, mark)
			fmt.Fprintf(w, "- **%s:** %s\n- **maps to:** %s\n- **fix:** %s\n", f.RuleID, mdEscape(f.Message), maps, rule.Remediation)
			for _, ev := range f.Evidence {
				fmt.Fprintf(w, "- evidence: `%s`\n", mdEscape(ev.String()))
			}
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "\n[%s] %s: %s%s\n", f.Severity, f.RuleID, f.Message, mark)
		fmt.Fprintf(w, "    maps to: %s\n    fix: %s\n", maps, rule.Remediation)
		for _, ev := range f.Evidence {
			fmt.Fprintf(w, "    evidence: %s\n", ev)
		}
	}
	return nil
}

type (
	findingsDoc struct {
		Schema   string        `json:"$schema"`
		Format   string        `json:"format"`
		Version  int           `json:"version"`
		Findings []findingJSON `json:"findings"`
	}
	findingJSON struct {
		Fingerprint string   `json:"fingerprint"`
		Rule        string   `json:"rule"`
		Title       string   `json:"title"`
		Severity    string   `json:"severity"`
		Message     string   `json:"message"`
		Nodes       []string `json:"nodes"`
		Evidence    []string `json:"evidence"`
		Remediation string   `json:"remediation"`
		OWASP       []string `json:"owasp_nhi"`
		NIST        []string `json:"nist_csf"`
		MAESTRO     []string `json:"maestro,omitempty"`
		New         bool     `json:"new"`
		Suppressed  string   `json:"suppressed,omitempty"`
	}
)

func findingsJSON(w io.Writer, r *findings.Report) error {
	rules := ruleByID(r)
	doc := findingsDoc{Schema: schemas.Findings, Format: "convene-findings", Version: 1, Findings: []findingJSON{}}
	for _, f := range r.Findings {
		if r.HideSuppressed && f.Suppressed != "" {
			continue
		}
		rule := rules[f.RuleID]
		fj := findingJSON{Fingerprint: f.Fingerprint(), Rule: f.RuleID, Title: rule.Title, Severity: string(f.Severity), Message: f.Message, Nodes: f.Nodes,
			Remediation: rule.Remediation, OWASP: rule.Mapping.OWASP, NIST: rule.Mapping.NIST, MAESTRO: rule.Mapping.MAESTRO,
			New: f.New, Suppressed: f.Suppressed, Evidence: []string{}}
		for _, ev := range f.Evidence {
			fj.Evidence = append(fj.Evidence, ev.String())
		}
		doc.Findings = append(doc.Findings, fj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// SARIF 2.1.0, the subset convene writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool    sarifTool     `json:"tool"`
		Results []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string         `json:"id"`
		Name                 string         `json:"name"`
		ShortDescription     sarifText      `json:"shortDescription"`
		FullDescription      sarifText      `json:"fullDescription"`
		Help                 sarifText      `json:"help"`
		DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
		Properties           map[string]any `json:"properties"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifText          `json:"message"`
		Locations           []sarifLocation    `json:"locations,omitempty"`
		PartialFingerprints map[string]string  `json:"partialFingerprints"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
		Properties          map[string]any     `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
		LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           *sarifRegion  `json:"region,omitempty"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine int `json:"startLine"`
	}
	sarifLogical struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
		Kind               string `json:"kind,omitempty"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification"`
	}
)

func sarifLevel(s findings.Severity) string {
	switch s {
	case findings.Critical, findings.High:
		return "error"
	case findings.Medium:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub code scanning's numeric severity.
func securitySeverity(s findings.Severity) string {
	return map[findings.Severity]string{findings.Critical: "9.5", findings.High: "8.0", findings.Medium: "5.5", findings.Low: "3.0"}[s]
}

// sarifSrcRoot is the base the relative artifact paths are resolved
// against: the folder convene was run in, which for a scan of "." is the
// repository root code scanning expects.
const sarifSrcRoot = "%SRCROOT%"

// sarifArtifactFor names a file as SARIF wants it: a relative path as a
// URI reference against %SRCROOT%, an absolute one as a file URI.
func sarifArtifactFor(path string) sarifArtifact {
	p := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	return sarifArtifact{URI: (&url.URL{Path: strings.TrimPrefix(p, "./")}).String(), URIBaseID: sarifSrcRoot}
}

func findingsSARIF(w io.Writer, r *findings.Report, version string) error {
	driver := sarifDriver{Name: "convene", Version: version, InformationURI: "https://github.com/convene-dev/convene"}
	index := map[string]int{}
	for i, rule := range r.Rules {
		index[rule.ID] = i
		tags := append(append([]string{"security"}, rule.Mapping.OWASP...), rule.Mapping.NIST...)
		driver.Rules = append(driver.Rules, sarifRule{
			ID: rule.ID, Name: strings.ReplaceAll(rule.Title, " ", ""),
			ShortDescription: sarifText{rule.Title}, FullDescription: sarifText{rule.Description},
			Help:                 sarifText{rule.Remediation},
			DefaultConfiguration: sarifConfig{sarifLevel(rule.Severity)},
			Properties:           map[string]any{"tags": tags, "security-severity": securitySeverity(rule.Severity)},
		})
	}
	run := sarifRun{Tool: sarifTool{driver}, Results: []sarifResult{}}
	for _, f := range r.Findings {
		res := sarifResult{RuleID: f.RuleID, RuleIndex: index[f.RuleID], Level: sarifLevel(f.Severity),
			Message:             sarifText{f.Message},
			PartialFingerprints: map[string]string{"conveneFinding/v2": f.Fingerprint()},
			Properties:          map[string]any{"nodes": f.Nodes, "new": f.New}}
		for _, ev := range f.Evidence {
			if ev.Source == "" || ev.Line == 0 {
				continue // an API call, not a file: carried as a logical location below
			}
			res.Locations = append(res.Locations, sarifLocation{PhysicalLocation: &sarifPhysical{
				ArtifactLocation: sarifArtifactFor(ev.Source), Region: &sarifRegion{StartLine: ev.Line}}})
		}
		if len(res.Locations) == 0 {
			res.Locations = []sarifLocation{{LogicalLocations: []sarifLogical{{FullyQualifiedName: f.Nodes[0], Kind: "resource"}}}}
		}
		if f.Suppressed != "" {
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: f.Suppressed}}
		}
		run.Results = append(run.Results, res)
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
