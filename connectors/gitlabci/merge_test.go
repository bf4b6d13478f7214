package gitlabci

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMergeKeys: <<: [*a, *b] merges as YAML 1.1 says and GitLab's own
// YAML library does: of the merged mappings the first to name a key wins,
// and a key the mapping sets itself wins over both.
func TestMergeKeys(t *testing.T) {
	const pipeline = `
.vars-a: &a
  ROLE: from-a
  A_ONLY: a
.vars-b: &b
  ROLE: from-b
  B_ONLY: b
.secrets-a: &sa
  DB_PASSWORD: {vault: db/a/password@kv}
.secrets-b: &sb
  DB_PASSWORD: {vault: db/b/password@kv}
  API_KEY: {vault: api/key@kv}
variables:
  <<: [*b, *a]
job:
  variables:
    <<: [*a, *b]
    A_ONLY: own
  secrets:
    <<: [*sa, *sb]
  script: echo
`
	dir := t.TempDir()
	file := filepath.ToSlash(filepath.Join(dir, ".gitlab-ci.yml"))
	if err := os.WriteFile(file, []byte(pipeline), 0o644); err != nil {
		t.Fatal(err)
	}
	p := load(file, filepath.ToSlash(dir))
	got := map[string]string{}
	for _, v := range p.globalVars {
		got["global "+v.name] = v.value
	}
	j := p.job("job")
	for _, v := range j.ownVars {
		got["job "+v.name] = v.value
	}
	for _, s := range j.secrets {
		got["secret "+s.name] = str(p.get(s.val, "vault"))
	}
	want := map[string]string{
		"global ROLE": "from-b", "global A_ONLY": "a", "global B_ONLY": "b",
		"job ROLE": "from-a", "job A_ONLY": "own", "job B_ONLY": "b",
		"secret DB_PASSWORD": "db/a/password@kv", "secret API_KEY": "api/key@kv",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged keys (-want +got):\n%s", diff)
	}
	if len(p.diags) > 0 {
		t.Errorf("diagnostics: %v", p.diags)
	}
}
