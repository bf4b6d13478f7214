package github

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSecretRefs(t *testing.T) {
	got := secretRefs("env:\n  A: ${{ secrets.NPM_TOKEN }}\n  B: ${{ secrets['SLACK-HOOK'] }}\n  C: ${{ secrets . X_1 }}\n  D: secretsXY\n")
	if diff := cmp.Diff([]string{"NPM_TOKEN", "SLACK-HOOK", "X_1"}, got); diff != "" {
		t.Errorf("secretRefs (-want +got):\n%s", diff)
	}
}

func TestWantedFile(t *testing.T) {
	for p, want := range map[string]bool{
		".github/workflows/ci.yml": true, ".github/workflows/sub/ci.yml": false, ".github/actions/x/action.yaml": true,
		"tools/action.yml": true, ".github/CODEOWNERS": true, "src/CODEOWNERS": false, "catalog-info.yml": true, "README.md": false,
	} {
		if got := wantedFile(p); got != want {
			t.Errorf("wantedFile(%q) = %v", p, got)
		}
	}
}

func FuzzSecretRefs(f *testing.F) {
	f.Add("${{ secrets.A }} ${{ secrets['b'] }}")
	f.Fuzz(func(t *testing.T, s string) { secretRefs(s) })
}
