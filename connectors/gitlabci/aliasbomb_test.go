package gitlabci

import (
	"strings"
	"testing"
	"time"
)

// TestAliasBomb: a pipeline whose aliases expand to a billion nodes is read
// up to the node budget of the shared YAML reader, with one warning, and
// quickly.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("variables:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	prev := "a0"
	for i := 1; i <= 9; i++ {
		name := "a" + string(rune('0'+i))
		b.WriteString("  " + name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]\n")
		prev = name
	}
	b.WriteString("job:\n  script: *a9\n")
	start := time.Now()
	g := scanRepo(t, map[string]string{".gitlab-ci.yml": b.String()})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the scan took %v", d)
	}
	var warned int
	for _, d := range g.Diagnostics() {
		if strings.Contains(d.Message, "YAML nodes through aliases") {
			warned++
		}
	}
	if warned != 1 {
		t.Errorf("%d budget warnings, want 1: %v", warned, g.Diagnostics())
	}
}
