package scanpath

import (
	"context"
	"testing"
)

func TestRel(t *testing.T) {
	ctx := WithRoots(context.Background(), []string{"/srv/ci/workspace/estate", "/srv/ci/workspace/estate/repos", "single.yaml", "./local/"})
	for _, tc := range []struct{ in, want string }{
		{"/srv/ci/workspace/estate/convene-owners.yaml", "convene-owners.yaml"},
		{"/srv/ci/workspace/estate/repos/github.com/o/r/CODEOWNERS", "github.com/o/r/CODEOWNERS"},
		{"single.yaml", "single.yaml"},
		{"local/a/b.yaml", "a/b.yaml"},
		{"/etc/convene/owners.yaml", "owners.yaml"},
		{"../elsewhere/owners.yaml", "owners.yaml"},
		{"other/owners.yaml", "other/owners.yaml"},
	} {
		if got := Rel(ctx, tc.in); got != tc.want {
			t.Errorf("Rel(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Rel(context.Background(), "/abs/path/x.yaml"); got != "x.yaml" {
		t.Errorf("Rel without roots = %q, want the base name", got)
	}
	if got := Rel(WithRoots(context.Background(), []string{"/"}), "/etc/owners.yaml"); got != "etc/owners.yaml" {
		t.Errorf("Rel under / = %q", got)
	}
}
