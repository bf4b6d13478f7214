package planner

import (
	"strings"
	"testing"
)

// FuzzParseChange: a change file never panics, and an accepted one has an
// action and a target, and a window that ends after it starts.
func FuzzParseChange(f *testing.F) {
	f.Add([]byte("action: rotate\ntargets: [secret/payments/db]\nwindow: 2026-12-01T22:00Z/2h\nticket: CHG-1\n"))
	f.Add([]byte("action: decommission\ntarget: job\nnotes: |\n  gone\n"))
	f.Add([]byte("action: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ch, err := ParseChange("c.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "c.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if ch.Action == "" || len(ch.Targets) == 0 {
			t.Fatalf("accepted an incomplete change: %+v", ch)
		}
		if ch.Window != nil && !ch.Window.End().After(ch.Window.Start) {
			t.Fatalf("window ends before it starts: %+v", ch.Window)
		}
	})
}

func FuzzParseWindow(f *testing.F) {
	f.Add("2026-12-01T22:00Z/2h")
	f.Add("2026-12-01T22:00:00+01:00/1d")
	f.Add("x/y")
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWindow(s)
		if err == nil && w.Duration <= 0 {
			t.Fatalf("ParseWindow(%q) accepted a non-positive duration %v", s, w.Duration)
		}
	})
}
