// Package findings runs hygiene and hidden-coupling rules over a finished
// graph: static cloud keys in CI, OIDC trust open to any repository,
// long-lived credentials in scheduled jobs, unowned or unused identities,
// shared credentials, administrator access on non-human identities,
// undocumented break-glass access, external trust and inline secrets.
//
// Findings are not failures: a rule reports what it sees and returns an error
// only for an internal fault. Each finding names its nodes and evidence and
// maps to OWASP Non-Human Identities Top 10 (2025), NIST CSF 2.0 and, where
// workload identity is concerned, CSA MAESTRO layers.
package findings

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/owners"
)

// Severity grades a finding.
type Severity string

// The severities, worst first.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// Severities lists the severities, worst first.
var Severities = []Severity{Critical, High, Medium, Low}

// Mapping ties a rule to the frameworks teams report against.
type Mapping struct {
	// OWASP are OWASP Non-Human Identities Top 10 (2025) IDs, e.g. NHI7.
	OWASP []string
	// NIST are NIST CSF 2.0 subcategories, e.g. PR.AA-05.
	NIST []string
	// MAESTRO are CSA MAESTRO layers, for agent and workload identity.
	MAESTRO []string
}

// Rule describes one check.
type Rule struct {
	ID          string
	Title       string
	Severity    Severity
	Description string
	Remediation string
	Mapping     Mapping
	check       func(c *checker) []Finding
}

// Finding is one problem a rule found.
type Finding struct {
	RuleID   string
	Severity Severity
	// Message says what is wrong here, naming the nodes.
	Message string
	// Nodes are the IDs concerned, the main one first.
	Nodes []string
	// Evidence is where to look: files and lines, or API calls.
	Evidence []graph.Evidence
	// Secret is, for a rule about a value written somewhere, the value's
	// fingerprint ("sha256:…", never the value): part of Fingerprint, so
	// that another secret pasted in the same place is a new finding.
	Secret string
	// New is set by the caller when the finding was not in the previous
	// snapshot.
	New bool
	// Suppressed holds the reason when a suppression matched.
	Suppressed string
}

// Thresholds tune the rules that judge ages; zero values take defaults.
type Thresholds struct {
	// AccessKeyMaxAge flags active access keys older than this (90 days).
	AccessKeyMaxAge time.Duration
	// UnusedAfter flags identities and credentials unused this long (90
	// days).
	UnusedAfter time.Duration
	// BreakGlassRecent flags emergency access used within this long (30
	// days).
	BreakGlassRecent time.Duration
	// NeverUsedGrace spares never-used identities and credentials created
	// less than this long ago (default: UnusedAfter).
	NeverUsedGrace time.Duration
	// CertificateExpiry flags certificates expired or expiring within this
	// long (30 days).
	CertificateExpiry time.Duration
	// Now is the time ages are measured from.
	Now time.Time
}

func (t Thresholds) withDefaults() Thresholds {
	const day = 24 * time.Hour
	if t.AccessKeyMaxAge <= 0 {
		t.AccessKeyMaxAge = 90 * day
	}
	if t.UnusedAfter <= 0 {
		t.UnusedAfter = 90 * day
	}
	if t.NeverUsedGrace <= 0 {
		t.NeverUsedGrace = t.UnusedAfter
	}
	if t.BreakGlassRecent <= 0 {
		t.BreakGlassRecent = 30 * day
	}
	if t.CertificateExpiry <= 0 {
		t.CertificateExpiry = 30 * day
	}
	if t.Now.IsZero() {
		t.Now = time.Now()
	}
	return t
}

// Suppression silences one rule on nodes whose ID matches, for a reason,
// until it expires.
type Suppression struct {
	RuleID string
	// IDs are globs over node IDs as the owners file writes them; matched
	// with the caller's matcher.
	Match   func(id string) bool
	Reason  string
	Expires time.Time
}

// Report is the result of a run.
type Report struct {
	Rules    []Rule
	Findings []Finding
	// HideSuppressed asks renderers to count suppressed findings but not
	// list them; SARIF always carries them, marked.
	HideSuppressed bool
	// Now is the time the rules judged ages from: when the report was made.
	Now time.Time
}

// Run checks every rule against g. Findings come worst first, then by rule
// and node.
func Run(ctx context.Context, g *graph.Graph, th Thresholds, sup []Suppression) (*Report, error) {
	return run(ctx, g, th, sup, nil, nil, nil)
}

// run is Run; with a scope (node indices), the rules listed in scoped check
// only the subjects candidates gives for it.
func run(ctx context.Context, g *graph.Graph, th Thresholds, sup []Suppression, scope []int32, ids map[string]bool, own *owners.Resolver) (*Report, error) {
	if own == nil {
		own = owners.NewResolver(g, owners.Options{})
	}
	c := &checker{g: g, th: th.withDefaults(), owners: own, ids: ids}
	if scope != nil {
		c.scope = make([]string, len(scope))
		for i, n := range scope {
			c.scope[i] = g.At(int(n)).ID
		}
	}
	r := &Report{Rules: Rules(), Now: c.th.Now}
	for _, rule := range r.Rules {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c.cand = nil
		if nr, ok := scoped[rule.ID]; ok && scope != nil {
			c.cand = c.candidates(scope, nr)
		}
		for _, f := range rule.check(c) {
			f.RuleID, f.Severity = rule.ID, rule.Severity
			for _, s := range sup {
				if s.RuleID == rule.ID && s.Match(f.Nodes[0]) && (s.Expires.IsZero() || c.th.Now.Before(s.Expires)) {
					f.Suppressed = s.Reason
				}
			}
			r.Findings = append(r.Findings, f)
		}
	}
	if c.scope != nil {
		// Only those naming the scope are kept: sort no more.
		r.Findings = r.Touching(c.ids)
	}
	// Stable: findings alike in all these keep the rules' order, so a
	// scoped run lists those it keeps in the order of the whole run.
	slices.SortStableFunc(r.Findings, func(a, b Finding) int {
		if d := slices.Index(Severities, a.Severity) - slices.Index(Severities, b.Severity); d != 0 {
			return d
		}
		if a.RuleID != b.RuleID {
			return strings.Compare(a.RuleID, b.RuleID)
		}
		if c := compareJoined(a.Nodes, b.Nodes); c != 0 {
			return c
		}
		return strings.Compare(a.Message, b.Message)
	})
	return r, nil
}

// Touching returns the findings that concern any of the given nodes, for
// the planner's report.
func (r *Report) Touching(ids map[string]bool) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		for _, id := range f.Nodes {
			if ids[id] {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// MarkNew sets New on the findings whose fingerprint was not among the
// previous run's.
func (r *Report) MarkNew(previous *Report) {
	old := map[string]bool{}
	for _, f := range previous.Findings {
		old[f.Fingerprint()] = true
	}
	for i := range r.Findings {
		r.Findings[i].New = !old[r.Findings[i].Fingerprint()]
	}
}
