package access

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/convene-dev/convene/connectors/vault"
	"github.com/convene-dev/convene/graph"
)

// TestCorpusVaultPolicies matches the corpus's real Vault policies against
// the "grant itself any policy" paths: HashiCorp's two admin policies can
// (policy writes, auth methods with sudo, identity entities), the others
// cannot. Checked by hand against the files.
func TestCorpusVaultPolicies(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "corpus", "vault-policies-hcl", "*", "*.hcl"))
	if len(files) == 0 {
		t.Skip("Vault policy corpus not found beside the repository (shared/corpus/vault-policies-hcl)")
	}
	var got []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := vault.ParsePolicy(filepath.Base(f), string(data))
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		r := &vaultRole{policies: []*vault.Policy{p}, names: []string{p.Name}, at: map[string]graph.Node{}}
		rules := map[string]bool{}
		for _, ap := range anyPolicy {
			path := ap.path
			if path == "sys/policies/acl/%s" || path == "sys/policy/%s" {
				path = path[:len(path)-2] + p.Name
			}
			if _, ok := r.allows(path, ap.caps...); ok {
				rules[ap.rule] = true
			}
		}
		if len(rules) > 0 {
			got = append(got, filepath.Base(f)+" "+fmtRules(rules))
		}
	}
	want := []string{
		"cloud_terraform-hcp-vault_configure-vault_policies_admin-policy.hcl vault-auth-mount vault-policy-write vault-token-create",
		"operations_onboarding_docker-compose_scripts_admin-policy.hcl vault-auth-mount vault-identity vault-policy-write vault-token-create",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("policies that can grant themselves anything (-want +got):\n%s", diff)
	}
}

func fmtRules(m map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(m)), " ")
}
