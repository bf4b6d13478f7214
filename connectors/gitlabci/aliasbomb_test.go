package gitlabci

import (
	"fmt"
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

// TestBudgetCountsNodes: a large pipeline whose jobs all merge one
// defaults mapping is read whole. The budget counts the nodes the file
// expands to, not the lookups the reader makes: charged per lookup, the
// defaults read again for every key of every job would spend it.
func TestBudgetCountsNodes(t *testing.T) {
	var b strings.Builder
	b.WriteString(".defaults: &defaults\n  image: alpine\n  tags: [a, b]\n  variables: {A: 1, B: 2, C: 3}\n  before_script: [echo a, echo b]\n  id_tokens: {VAULT_ID_TOKEN: {aud: https://vault}}\n  secrets: {DB: {vault: db/pw@kv}}\n")
	const jobs = 2000
	for i := range jobs {
		fmt.Fprintf(&b, "job%d:\n  <<: *defaults\n  variables: {X: %d}\n  script: [make test, echo $DB]\n  rules: [{if: '$CI_COMMIT_BRANCH == \"main\"'}]\n", i, i)
	}
	g := scanRepo(t, map[string]string{".gitlab-ci.yml": b.String()})
	for _, d := range g.Diagnostics() {
		t.Errorf("diagnostic: %s", d.Message)
	}
	n := 0
	for _, nd := range g.Nodes() {
		if nd.Type == "ci-job" {
			n++
		}
	}
	if n != jobs {
		t.Errorf("%d jobs read, want %d", n, jobs)
	}
}
