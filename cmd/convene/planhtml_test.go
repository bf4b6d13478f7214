package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pictureProblems lists what is wrong with a plan page's picture: an edge
// without its kind written on it, a box without its type line, a text
// wider than its box, a label over a box or over another label.
const pictureProblems = `(() => {
	const out = [], pic = document.querySelector('#impact-picture');
	const over = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
	if (pic.querySelectorAll('line.edge').length !== pic.querySelectorAll('text.edge-label').length) out.push('an edge has no label');
	const rects = Array.from(pic.querySelectorAll('g.node rect')).map(r => r.getBBox()), labels = [];
	for (const l of pic.querySelectorAll('text.edge-label')) {
		const b = l.getBBox();
		if (labels.some(o => over(b, o)) || rects.some(r => over(b, r))) out.push('label ' + l.textContent + ' overlaps');
		labels.push(b);
	}
	for (const g of pic.querySelectorAll('g.node')) {
		const r = g.querySelector('rect').getBBox(), texts = g.querySelectorAll('text');
		if (texts.length !== 2 || texts[1].textContent === '') out.push(g.dataset.id + ': no type line');
		for (const t of texts) { const b = t.getBBox(); if (b.x + b.width > r.x + r.width) out.push(g.dataset.id + ': ' + t.textContent + ' overflows'); }
	}
	return out;
})()`

// TestPlanHTMLOfTheEstate opens HTML plans of the sample estate in headless
// Chromium: the summary carries environment, target owner and impact, the
// footer the provenance, and the picture is readable. Screenshots go to
// $CONVENE_SCREENSHOT_DIR when set.
func TestPlanHTMLOfTheEstate(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("install Debian's chromium to run (apt-get install chromium)")
	}
	dir := t.TempDir()
	g := filepath.Join(dir, "estate.json")
	if _, stderr, code := run(t, "scan", "testdata/estate", "--out", g); code != 0 {
		t.Fatal(stderr)
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 900))...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The browser starts on ctx itself, so the subtests' timeouts do not
	// close it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	for name, args := range map[string][]string{
		"rotate":        {"plan", "--change", "cmd/convene/testdata/changes/rotate-runbook.yaml"},
		"modify-policy": {"plan", "modify", "vault:sys/policies/acl/ci-deploy"},
		"revoke-role":   {"plan", "revoke", "role/payments-deploy"},
	} {
		t.Run(name, func(t *testing.T) {
			html, stderr, code := runAt(t, append(args, "--graph", g, "--format", "html")...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			for _, want := range []string{"<tr><th>Target owner</th>", "<tr><th>Impact</th>", `<footer id="provenance"><p>Made by convene dev from ` + g + " at 2026-11-29 12:00:00 UTC."} {
				if !strings.Contains(html, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			page := filepath.Join(dir, name+".html")
			os.WriteFile(page, []byte(html), 0o644)
			tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible("#impact-picture")); err != nil {
				t.Fatal(err)
			}
			problems, err := chromedp.Run(tctx, chromedp.Evaluate[[]string](pictureProblems))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Error(p)
			}
			if shots := os.Getenv("CONVENE_SCREENSHOT_DIR"); shots != "" {
				if png, err := chromedp.Run(tctx, chromedp.FullScreenshot(90)); err == nil {
					os.WriteFile(filepath.Join(shots, "plan-"+name+".png"), png, 0o644)
				}
			}
		})
	}
}
