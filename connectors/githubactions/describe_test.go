package githubactions

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestShapeWording: a workflow or a job of the wrong shape is named in the
// words of the connectors' one YAML reader (yamlnode.Describe).
func TestShapeWording(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<not yaml>\n", "line 1: a workflow is a mapping with on: and jobs:, not a string"},
		{"- a\n- b\n", "line 1: a workflow is a mapping with on: and jobs:, not a list"},
		{"42\n", "line 1: a workflow is a mapping with on: and jobs:, not a number"},
		{"on: push\njobs:\n  a: [x]\n  b: true\n  c:\n", "3 job \"a\" is a list, not a mapping; job skipped|4 job \"b\" is true/false, not a mapping; job skipped|5 job \"c\" is empty, not a mapping; job skipped"},
	}
	for _, tc := range tests {
		wf, err := parseWorkflow("w.yml", []byte(tc.in))
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			for i, w := range wf.warnings {
				if i > 0 {
					got += "|"
				}
				got += fmt.Sprintf("%d %s", w.line, w.msg)
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.in, diff)
		}
	}
}
