package githubactions

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRefsInValue(t *testing.T) {
	tests := []struct {
		in   string
		bare bool
		want []exprRef
	}{
		{"${{ secrets.NPM_TOKEN }}", false, []exprRef{{Name: "NPM_TOKEN"}}},
		{"${{ secrets.npm_token }}", false, []exprRef{{Name: "NPM_TOKEN"}}},
		{"${{ secrets['A-B'] }}", false, []exprRef{{Name: "A-B"}}},
		{`${{ secrets["X"] }}`, false, []exprRef{{Name: "X"}}},
		{"${{ Secrets.X }}", false, []exprRef{{Name: "X"}}},
		{"a ${{ secrets.A }} b ${{ secrets.B }}", false, []exprRef{{Name: "A"}, {Name: "B"}}},
		{"${{ steps.secrets.outputs.x }}", false, nil},
		{"${{ needs.secrets.outputs.y }}", false, nil},
		{"${{ 'secrets.NOPE' }}", false, nil},
		{"${{ format('{0}', 'it''s secrets.X') }}", false, nil},
		{"${{ github.token }}", false, []exprRef{{Name: "GITHUB_TOKEN"}}},
		{"${{ secrets.GITHUB_TOKEN }}", false, []exprRef{{Name: "GITHUB_TOKEN"}}},
		{"${{ toJSON(secrets) }}", false, []exprRef{{Dynamic: true, Raw: "secrets"}}},
		{"${{ secrets[matrix.key] }}", false, []exprRef{{Dynamic: true, Raw: "secrets[matrix.key]"}}},
		{"${{ secrets[format('{0}_{1}', a[0], b)] }}", false, []exprRef{{Dynamic: true, Raw: "secrets[format('{0}_{1}', a[0], b)]"}}},
		{"secrets.A != '' && secrets.B", true, []exprRef{{Name: "A"}, {Name: "B"}}},
		{"secrets.A != ''", false, nil}, // not an expression outside if:
		{"echo ${{ secrets.A", false, []exprRef{{Name: "A"}}},
		{"no expressions at all", false, nil},
	}
	for _, tt := range tests {
		got := refsInValue(tt.in, tt.bare)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("refsInValue(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestClaims(t *testing.T) {
	tests := []struct {
		path string
		head string
		want bool
	}{
		{".github/workflows/ci.yml", "", true},
		{"repos/x/.github/workflows/deploy.yaml", "", true},
		{"repos/x/.github/workflows/sub/deploy.yaml", "", false},
		{"repos/x/.github/workflows/README.md", "", false},
		{"repos/x/.github/actions/vault/action.yml", "", true},
		{"repos/x/tools/wrap/action.yaml", "runs:\n  using: composite\n", true},
		{"repos/x/tools/node/action.yml", "runs:\n  using: node20\n", false},
		{"azure-pipelines.yml", "", false},
		{".tekton/pipeline.yml", "", false},
		{".gitlab-ci.yml", "", false},
	}
	for _, tt := range tests {
		if got := New().Claims(tt.path, []byte(tt.head)); got != tt.want {
			t.Errorf("Claims(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestVaultSecrets(t *testing.T) {
	var f facts
	vaultSecrets(scalar{val: "secret/data/a k1 | E1 ; /secret/data/a k2\nkv/b * | P_\n\ndatabase/creds/ro username\n# comment\nsecret/data/${{ env.X }} k", line: 10},
		"s", "f.yml", "", &f)
	var got []string
	for _, tg := range f.targets {
		got = append(got, tg.id+" "+tg.attrs["key"]+" "+tg.attrs["env"]+" "+tg.typ)
	}
	want := []string{
		`vault:secret/a ["k1"] ["E1"] vault-kv-secret`,
		`vault:secret/a ["k2"] ["K2"] vault-kv-secret`,
		`vault:kv/b ["*"] ["P_"] vault-kv-secret`,
		`vault:database/roles/ro ["username"] ["USERNAME"] vault-dynamic-role`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if f.attrs["unresolved"] == "" {
		t.Error("templated path not recorded as unresolved")
	}
}
