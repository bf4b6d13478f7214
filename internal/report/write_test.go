package report_test

import (
	"errors"
	"testing"

	"github.com/convene-dev/convene/internal/report"
)

// shortWriter takes n bytes, then fails as a full disk does.
type shortWriter struct{ n int }

var errFull = errors.New("no space left on device")

func (w *shortWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestRenderersReportWriteErrors fails every format's output part way
// through: each renderer must return the write error.
func TestRenderersReportWriteErrors(t *testing.T) {
	p, g := samplePlan(t)
	fr := sampleFindings(t)
	dr := sampleDrift()
	for _, at := range []int{0, 10, 200} {
		for _, f := range report.PlanFormats {
			if err := report.Plan(&shortWriter{at}, f, p, g, nil); !errors.Is(err, errFull) {
				t.Errorf("plan %s, fail after %d bytes: err = %v", f, at, err)
			}
		}
		for _, f := range report.FindingsFormats {
			if err := report.Findings(&shortWriter{at}, f, fr, "test"); !errors.Is(err, errFull) {
				t.Errorf("findings %s, fail after %d bytes: err = %v", f, at, err)
			}
		}
		for _, f := range report.Formats {
			if err := report.Drift(&shortWriter{at}, f, dr); !errors.Is(err, errFull) {
				t.Errorf("drift %s, fail after %d bytes: err = %v", f, at, err)
			}
		}
	}
}
