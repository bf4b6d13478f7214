package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/convene-dev/convene/internal/findings"
)

// GitLab's security report format (gl-sast-report.json, schema 15.x), which
// GitLab shows in merge requests and the vulnerability report when a job
// publishes it as `artifacts: reports: sast`.
type (
	glReport struct {
		Version         string            `json:"version"`
		Vulnerabilities []glVulnerability `json:"vulnerabilities"`
		Scan            glScan            `json:"scan"`
	}
	glVulnerability struct {
		ID          string         `json:"id"`
		Name        string         `json:"name"`
		Description string         `json:"description"`
		Severity    string         `json:"severity"`
		Solution    string         `json:"solution,omitempty"`
		Identifiers []glIdentifier `json:"identifiers"`
		Location    glLocation     `json:"location"`
	}
	glIdentifier struct {
		Type  string `json:"type"`
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	glLocation struct {
		File      string `json:"file,omitempty"`
		StartLine int    `json:"start_line,omitempty"`
	}
	glScan struct {
		Analyzer  glTool `json:"analyzer"`
		Scanner   glTool `json:"scanner"`
		Type      string `json:"type"`
		StartTime string `json:"start_time"`
		EndTime   string `json:"end_time"`
		Status    string `json:"status"`
	}
	glTool struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Version string   `json:"version"`
		Vendor  glVendor `json:"vendor"`
	}
	glVendor struct {
		Name string `json:"name"`
	}
)

// gitLabSchemaVersion is the security report schema the output follows.
const gitLabSchemaVersion = "15.0.7"

// findingsGitLab writes open, unsuppressed findings as a GitLab SAST
// report. Each vulnerability's ID is derived from the finding's fingerprint,
// so GitLab tracks it across pipelines; its identifiers are the convene
// rule and the OWASP NHI and NIST CSF mappings; its location is the first
// file evidence, else the main node's ID as the "file" (GitLab requires a
// location and has no field for a cloud resource).
func findingsGitLab(w io.Writer, r *findings.Report, version string, now time.Time) error {
	rules := ruleByID(r)
	stamp := now.UTC().Format("2006-01-02T15:04:05")
	tool := glTool{ID: "convene", Name: "convene", Version: version, Vendor: glVendor{"convene"}}
	out := glReport{Version: gitLabSchemaVersion, Vulnerabilities: []glVulnerability{},
		Scan: glScan{Analyzer: tool, Scanner: tool, Type: "sast", StartTime: stamp, EndTime: stamp, Status: "success"}}
	for _, f := range r.Findings {
		if f.Suppressed != "" {
			continue
		}
		rule := rules[f.RuleID]
		v := glVulnerability{ID: uuidFrom(f.Fingerprint()), Name: rule.Title, Description: f.Message + "\n\n" + rule.Description,
			Severity: gitLabSeverity(f.Severity), Solution: rule.Remediation,
			Identifiers: []glIdentifier{{Type: "convene_rule", Name: "convene " + f.RuleID, Value: f.RuleID}}}
		for _, id := range rule.Mapping.OWASP {
			v.Identifiers = append(v.Identifiers, glIdentifier{Type: "owasp_nhi", Name: "OWASP Non-Human Identities Top 10 " + id, Value: id})
		}
		for _, id := range rule.Mapping.NIST {
			v.Identifiers = append(v.Identifiers, glIdentifier{Type: "nist_csf", Name: "NIST CSF 2.0 " + id, Value: id})
		}
		v.Location.File = f.Nodes[0]
		for _, ev := range f.Evidence {
			if ev.Source != "" && ev.Line > 0 {
				v.Location = glLocation{File: ev.Source, StartLine: ev.Line}
				break
			}
		}
		out.Vulnerabilities = append(out.Vulnerabilities, v)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// gitLabSeverity maps convene's severities to GitLab's (Critical, High,
// Medium, Low, Info, Unknown).
func gitLabSeverity(s findings.Severity) string {
	if s == "" {
		return "Unknown"
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// uuidFrom shapes a hash of key as a UUID (version 5 layout), the form
// GitLab expects vulnerability IDs in.
func uuidFrom(key string) string {
	sum := sha256.Sum256([]byte("convene-finding:" + key))
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	h := hex.EncodeToString(sum[:16])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
