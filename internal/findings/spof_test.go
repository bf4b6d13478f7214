package findings

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/internal/synth"
)

// spofRuleFixtures are the positive and negative graphs of the
// single-point rule, run by TestRulesPositiveAndNegative: three jobs reach
// a policy only through one role; with a second role each job has another
// way, so no node dominates them.
var spofRuleFixtures = []struct {
	rule     string
	positive fixture
	negative fixture
}{
	{"NHI-SINGLE-POINT",
		fixture{[]string{"a|workload|ci-job", "b|workload|ci-job", "c|workload|cron-job", "sub|identity|ci-oidc-subject", "role|identity|aws-role", "pol|policy|aws-managed-policy"},
			[]string{"a>assumes>sub", "b>assumes>sub", "c>assumes>role", "sub>assumes>role", "role>has_policy>pol"}},
		fixture{[]string{"a|workload|ci-job", "b|workload|ci-job", "c|workload|cron-job", "role|identity|aws-role", "role2|identity|aws-role", "pol|policy|aws-managed-policy"},
			[]string{"a>assumes>role", "b>assumes>role", "c>assumes>role2", "a>assumes>role2", "b>assumes>role2", "c>assumes>role", "role>has_policy>pol", "role2>has_policy>pol"}}},
}

// TestSinglePoints checks the dominator construction: the role dominates
// all three jobs (two through an OIDC subject, which dominates those two
// only), the policy (the sink) is not its own single point.
func TestSinglePoints(t *testing.T) {
	g := spofRuleFixtures[0].positive.build()
	got := SinglePoints(g, 2)
	want := []SinglePoint{
		{ID: "role", Sink: "pol", Workloads: []string{"a", "b", "c"}},
		{ID: "sub", Sink: "pol", Workloads: []string{"a", "b"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SinglePoints (-want +got):\n%s", diff)
	}
}

// BenchmarkSinglePoints times the whole-graph analysis the finding runs:
// one dominator tree per sink.
func BenchmarkSinglePoints(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			g := synth.Build(1, n)
			b.ReportAllocs()
			var found int
			for b.Loop() {
				found = len(SinglePoints(g, SinglePointMin))
			}
			b.ReportMetric(float64(found), "single-points")
		})
	}
}
