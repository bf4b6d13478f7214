package report_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/convene-dev/convene/graph"
	"github.com/convene-dev/convene/internal/findings"
	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/report"
)

// planEstate: a Vault secret read by a CI job and a service, copied by ESO
// into a Kubernetes Secret that a CronJob uses, and pasted into a GitLab
// variable.
func planEstate() *graph.Graph {
	b := graph.NewBuilder()
	ev := func(src string, line int) []graph.Evidence {
		return []graph.Evidence{{Connector: "test", Source: src, Line: line, Basis: graph.Declared}}
	}
	n := func(id string, k graph.NodeKind, typ, name string, attrs map[string]string) {
		evidence := ev("estate", 1)
		if k == graph.Owner {
			// defined as the owners file defines owners
			evidence[0].Connector, evidence[0].Source = "owners-file", "convene-owners.yaml"
		}
		b.AddNode(graph.Node{ID: id, Kind: k, Type: typ, Name: name, Attrs: attrs, Evidence: evidence})
	}
	e := func(from, to string, k graph.EdgeKind, src string, line int, attrs map[string]string) {
		evidence := ev(src, line)
		if k == graph.OwnedBy {
			evidence[0].Connector = "link/owner-rules" // an owners-file rule
		}
		b.AddEdge(graph.Edge{From: from, To: to, Kind: k, Attrs: attrs, Evidence: evidence})
	}
	n("vault:secret/payments/db", graph.Credential, "vault-kv-secret", "db", map[string]string{"tag.environment": "production"})
	n("github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", graph.Workload, "ci-job", "deploy", nil)
	n("k8s:prod-eu/payments/deployment/payments-api", graph.Workload, "k8s-workload", "payments-api", nil)
	n("k8s:prod-eu/payments/secret/stripe-webhook", graph.Credential, "k8s-secret", "stripe-webhook", nil)
	n("k8s:prod-eu/payments/cronjob/payments-reconcile", graph.Workload, "k8s-workload", "payments-reconcile",
		nil)
	n("gitlab.com/northwind/ledger/variables/DB_PASSWORD", graph.Credential, "ci-secret", "DB_PASSWORD", nil)
	n("gitlab.com/northwind/ledger/.gitlab-ci.yml#migrate", graph.Workload, "ci-job", "migrate", map[string]string{"hardcoded_credentials": `[{"key":"DB_PASSWORD","fingerprint":"sha256:5e884898da28","file":".gitlab-ci.yml","line":12}]`})
	n("team:payments", graph.Owner, "team", "Payments Engineering", map[string]string{"slack": "#payments-eng"})
	n("team:security", graph.Owner, "team", "Security", map[string]string{"roles": "security"})
	n("team:sre", graph.Owner, "team", "SRE", map[string]string{"roles": "incident-response,administrators"})
	n("team:platform", graph.Owner, "team", "Platform", map[string]string{"roles": "platform,infrastructure"})
	n("team:iam", graph.Owner, "team", "IAM", map[string]string{"roles": "iam"})
	e("github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", "vault:secret/payments/db", graph.Reads, "repos/payments-api/.github/workflows/deploy.yml", 31, nil)
	e("k8s:prod-eu/payments/deployment/payments-api", "vault:secret/payments/db", graph.Reads, "k8s/prod-eu/payments/api.yaml", 14, map[string]string{"delivery": "per-run"})
	e("k8s:prod-eu/payments/secret/stripe-webhook", "vault:secret/payments/db", graph.CopyOf, "k8s/prod-eu/payments/eso.yaml", 9, map[string]string{"refresh_interval": "1h"})
	e("k8s:prod-eu/payments/cronjob/payments-reconcile", "k8s:prod-eu/payments/secret/stripe-webhook", graph.Uses, "k8s/prod-eu/payments/reconcile.yaml", 22, nil)
	e("gitlab.com/northwind/ledger/variables/DB_PASSWORD", "vault:secret/payments/db", graph.CopyOf, "convene-owners.yaml", 80, nil)
	e("gitlab.com/northwind/ledger/.gitlab-ci.yml#migrate", "gitlab.com/northwind/ledger/variables/DB_PASSWORD", graph.Uses, "repos/ledger/.gitlab-ci.yml", 12, nil)
	e("vault:secret/payments/db", "team:payments", graph.OwnedBy, "convene-owners.yaml", 120, nil)
	e("github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy", "team:payments", graph.OwnedBy, "convene-owners.yaml", 120, nil)
	return b.Build()
}

func samplePlan(t *testing.T) (*planner.Plan, *graph.Graph) {
	t.Helper()
	g := planEstate()
	w := planner.Window{Start: time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC), Duration: 2 * time.Hour}
	p, err := planner.Make(g, planner.Change{Action: planner.Rotate, Targets: []string{"secret/payments/db"}, Window: &w, Ticket: "CHG-1042"},
		planner.Options{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return p, g
}

func TestPlanFormats(t *testing.T) {
	p, g := samplePlan(t)
	for _, format := range report.PlanFormats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := report.Plan(&buf, format, p, g, planFindings(t, g, p)); err != nil {
				t.Fatal(err)
			}
			golden(t, "plan."+format, buf.Bytes())
		})
	}
}

func TestPlanDOTRenders(t *testing.T) {
	if _, err := exec.LookPath("dot"); err != nil {
		t.Skip("install graphviz to run")
	}
	p, g := samplePlan(t)
	var buf bytes.Buffer
	report.Plan(&buf, "dot", p, g, nil)
	cmd := exec.Command("dot", "-Tsvg")
	cmd.Stdin = &buf
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("<svg")) {
		t.Fatalf("dot: %v\n%s", err, out)
	}
}

// TestPlanHTMLInChromium opens the HTML report in headless Chromium and
// checks that it renders without errors and that its picture shows the
// target and every impacted node.
func TestPlanHTMLInChromium(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("install Debian's chromium to run (apt-get install chromium); .ci/run does")
	}
	p, g := samplePlan(t)
	path := filepath.Join(t.TempDir(), "plan.html")
	var buf bytes.Buffer
	if err := report.Plan(&buf, "html", p, g, planFindings(t, g, p)); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, buf.Bytes(), 0o644)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	var mu sync.Mutex
	var problems []string
	// Listen starts the browser and the tab; it must come before Navigate.
	err = chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, ev.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console error")
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+path), chromedp.WaitVisible("#impact-picture")); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#impact-picture g.node')).map(n => n.dataset.id)`))
	if err != nil {
		t.Fatal(err)
	}
	// Every edge has its kind written on it, and every box's two lines
	// (name; type and location) fit inside it.
	layout, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](`(() => {
		const out = [];
		const pic = document.querySelector('#impact-picture');
		const lines = pic.querySelectorAll('line.edge').length, labels = pic.querySelectorAll('text.edge-label').length;
		if (lines === 0 || lines !== labels) out.push(lines + ' edges, ' + labels + ' edge labels');
		const rects = Array.from(pic.querySelectorAll('g.node rect')).map(r => r.getBBox());
		const seen = [];
		for (const l of pic.querySelectorAll('text.edge-label')) {
			const b = l.getBBox();
			if (seen.some(r => b.x < r.x + r.width && r.x < b.x + b.width && b.y < r.y + r.height && r.y < b.y + b.height)) {
				out.push('edge label "' + l.textContent + '" overlaps another');
			}
			seen.push(b);
			if (rects.some(r => b.x < r.x + r.width && r.x < b.x + b.width && b.y < r.y + r.height && r.y < b.y + b.height)) {
				out.push('edge label "' + l.textContent + '" overlaps a box');
			}
		}
		for (const g of pic.querySelectorAll('g.node')) {
			const r = g.querySelector('rect').getBBox();
			const texts = g.querySelectorAll('text');
			if (texts.length !== 2 || texts[1].textContent === '') out.push(g.dataset.id + ': no type line');
			for (const t of texts) {
				const b = t.getBBox();
				if (b.x + b.width > r.x + r.width) out.push(g.dataset.id + ': "' + t.textContent + '" overflows its box');
			}
		}
		return out;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range layout {
		t.Error(l)
	}
	rows, err := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll('#impacted tr').length - 1`))
	if err != nil {
		t.Fatal(err)
	}
	screenshot, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if len(problems) > 0 {
		t.Errorf("the page reported errors: %v", problems)
	}
	mu.Unlock()
	want := map[string]bool{}
	for _, tgt := range p.Targets {
		want[tgt.ID] = true
	}
	for _, im := range p.Impacted {
		want[im.Node.ID] = true
	}
	got := map[string]bool{}
	for _, id := range shown {
		got[id] = true
	}
	for id := range want {
		if !got[id] {
			t.Errorf("the picture does not show %s", id)
		}
	}
	if rows != len(p.Impacted) {
		t.Errorf("the table has %d rows, want %d", rows, len(p.Impacted))
	}
	if dir := os.Getenv("CONVENE_SCREENSHOT_DIR"); dir != "" {
		os.WriteFile(filepath.Join(dir, "plan.png"), screenshot, 0o644)
	}
	if !strings.Contains(buf.String(), "<svg") {
		t.Error("no inline picture")
	}
}

func planFindings(t *testing.T, g *graph.Graph, p *planner.Plan) []findings.Finding {
	t.Helper()
	r, err := findings.Run(context.Background(), g, findings.Thresholds{Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, n := range p.Targets {
		ids[n.ID] = true
	}
	for _, im := range p.Impacted {
		ids[im.Node.ID] = true
	}
	return r.Touching(ids)
}
