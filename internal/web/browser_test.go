package web_test

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/convene-dev/convene/internal/web"
)

// catchErrors runs in every page before its scripts: it keeps script
// errors and Content-Security-Policy violations for the test to read.
const catchErrors = `window.__errors = [];
addEventListener('error', e => __errors.push('error: ' + e.message));
addEventListener('unhandledrejection', e => __errors.push('rejection: ' + e.reason));
document.addEventListener('securitypolicyviolation', e => __errors.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));`

// TestBrowser drives Debian's headless Chromium through the UI as a person
// would: search, open a node, plan a change to it, read the invite list;
// then it loads every deep link. Screenshots go to $CONVENE_SCREENSHOTS, or
// a temporary folder.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium); skipping the browser test")
	}
	shots := os.Getenv("CONVENE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	srv, _ := newServer(t, web.Options{Version: "test"})

	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: catchErrors}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	step := func(name string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, scancel := context.WithTimeout(ctx, 20*time.Second)
		defer scancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			t.Fatalf("%s (at %s): %v", name, loc, err)
		}
		png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		errs, err := chromedp.Run(sctx, chromedp.Evaluate[[]string]("window.__errors"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(errs) > 0 {
			t.Errorf("%s: the page reported errors:\n%s", name, strings.Join(errs, "\n"))
		}
		if problem, _ := chromedp.Run(sctx, chromedp.Evaluate[string]("(document.querySelector('.problem[role=alert]') || {}).textContent || ''")); problem != "" {
			t.Errorf("%s: the page shows a problem: %s", name, problem)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return s
	}

	// Search with suggestions, open the node.
	step("1-search",
		chromedp.Navigate(srv.URL+"/ui/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "payments/db"),
		chromedp.WaitVisible(chromedp.CSS(`#suggest li[data-id="vault:secret/payments/db"]`)))
	step("2-node",
		chromedp.Click(chromedp.CSS(`#suggest li[data-id="vault:secret/payments/db"]`)),
		chromedp.WaitVisible(chromedp.CSS("#plan-this")),
		chromedp.WaitVisible(chromedp.CSS("#cy canvas")))
	if got := text("main h1"); got != "vault:secret/payments/db" {
		t.Errorf("node page title = %q", got)
	}
	// Plan a change from the node page: the form comes prefilled; add a
	// window and submit.
	step("3-plan",
		chromedp.Click(chromedp.CSS("#plan-this")),
		chromedp.WaitVisible(chromedp.CSS("#plan-form")),
		chromedp.SetValue(chromedp.CSS("#window"), "2026-12-01T22:00Z/4h"),
		chromedp.SetValue(chromedp.CSS("#ticket"), "CHG-4711"),
		chromedp.Click(chromedp.CSS("#plan-submit")),
		chromedp.WaitVisible(chromedp.CSS("#plan .invitee")),
		chromedp.WaitVisible(chromedp.CSS("#plan-cy canvas")))
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.Contains(loc, "window=2026-12-01T22%3A00Z%2F4h") || !strings.Contains(loc, "target=vault%3Asecret%2Fpayments%2Fdb") {
		t.Errorf("the plan page's address %s is not a deep link to the plan", loc)
	}
	if invite := text("#plan"); !strings.Contains(invite, "Why:") || !strings.Contains(invite, "Ask:") {
		t.Errorf("the invite list lacks why and what to ask:\n%s", invite)
	}

	// Every deep link loads on its own.
	id := url.PathEscape("github.com/northwind/payments-api/.github/workflows/deploy.yml#deploy")
	for _, dl := range []struct{ name, path, wait string }{
		{"4-deep-node", "/ui/nodes/" + id, "#cy canvas"},
		{"5-deep-plan", "/ui/plan?action=rotate&target=" + url.QueryEscape("user/svc-backup") + "&window=" + url.QueryEscape("2026-12-01T22:00Z/2h"), "#plan .invitee"},
		{"6-findings", "/ui/findings?severity=high", "main table tbody tr"},
		{"7-drift", "/ui/drift?from=1", "#no-drift"},
		{"8-owners", "/ui/owners", "main table tbody tr"},
	} {
		step(dl.name, chromedp.Navigate(srv.URL+dl.path), chromedp.WaitVisible(chromedp.CSS(dl.wait)))
	}
	t.Logf("screenshots in %s", shots)
}
