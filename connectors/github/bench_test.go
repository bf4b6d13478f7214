package github

import (
	"fmt"
	"testing"

	"github.com/convene-dev/convene/connectors/github/githubtest"
)

// benchOrg is an organisation of n copies of the estate's payments-api.
func benchOrg(b *testing.B, n int) *githubtest.Server {
	s := githubtest.New()
	b.Cleanup(s.Close)
	files := readTree(b, estateRepo)
	for _, p := range []string{"actions/secrets", "actions/variables", "installations", "personal-access-tokens"} {
		s.JSON("/orgs/northwind/"+p, `{"total_count":0,"secrets":[],"variables":[],"installations":[]}`)
	}
	s.JSON("/orgs/northwind/personal-access-tokens", `[]`)
	s.JSON("/orgs/northwind/actions/oidc/customization/sub", `{"include_claim_keys":[]}`)
	for i := range n {
		name := fmt.Sprintf("service-%03d", i)
		s.Repo("northwind", name, int64(i+1), files)
		r := "/repos/northwind/" + name
		s.JSON(r+"/actions/secrets", `{"total_count":0,"secrets":[]}`)
		s.JSON(r+"/actions/variables", `{"total_count":0,"variables":[]}`)
		s.JSON(r+"/environments", `{"total_count":0,"environments":[]}`)
		s.JSON(r+"/actions/oidc/customization/sub", `{"use_default":true}`)
		s.JSON(r+"/keys", `[]`)
	}
	return s
}

// BenchmarkRescan measures a scheduled rescan of an unchanged organisation
// of 50 repositories: every request is a revalidation.
func BenchmarkRescan(b *testing.B) {
	b.Setenv("GITHUB_TOKEN", "x")
	s := benchOrg(b, 50)
	c, _, _ := newTest(s, nil)
	discover(b, c)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		discover(b, c)
	}
	st := c.Stats()
	b.ReportMetric(float64(st.Sent), "requests/scan")
	b.ReportMetric(float64(st.Revalidated), "304s/scan")
}

// BenchmarkColdScan measures a first scan of the same organisation.
func BenchmarkColdScan(b *testing.B) {
	b.Setenv("GITHUB_TOKEN", "x")
	s := benchOrg(b, 50)
	b.ReportAllocs()
	for b.Loop() {
		c, _, _ := newTest(s, nil)
		discover(b, c)
		b.ReportMetric(float64(c.Stats().Sent), "requests/scan")
	}
}
