package report_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/planner"
	"github.com/convene-dev/convene/internal/report"
)

// TestReferencedOnlyInvitee: an owner only hints name is invited, and every
// format says no contact is known.
func TestReferencedOnlyInvitee(t *testing.T) {
	p, g := samplePlan(t)
	marked := 0
	for i := range p.Invite {
		if p.Invite[i].Owner == "team:payments" {
			p.Invite[i].ReferencedOnly = true
			marked++
		}
	}
	if marked != 1 {
		t.Fatalf("team:payments is not invited: %+v", p.Invite)
	}
	for format, want := range map[string]string{
		"text": "    note: " + planner.NoContact,
		"md":   "  - note: " + planner.NoContact,
		"json": `"referenced_only": true`,
		"html": `team:payments (Payments Engineering)<br><small class="referenced-only">` + planner.NoContact + "</small>",
	} {
		var buf bytes.Buffer
		if err := report.Plan(&buf, format, p, g, nil); err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(buf.String(), want); got != 1 {
			t.Errorf("%s: %q appears %d times, want once:\n%s", format, want, got, buf.String())
		}
	}
}
