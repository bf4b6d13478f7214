package shellcmd

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/convene-dev/convene/graph"
)

// Fake credentials of known forms, issued by no one.
const (
	shapedGHP   = "ghp_R4nd0mL00kingT0kenN0tIssued12345678"
	shapedGLPAT = "glpat-Zx9Rt2Lm4Qw8Np6Vb3Kc"
	shapedAKIA  = "AKIAZNWCIDEPLOY00001"
)

// TestScanShaped checks the credentials told by their form in a command:
// under the variable that holds one whatever its name, else under the
// form's kind; once when a name, flag or pipe already made it an inline
// secret; never an access key's ID, a placeholder or a variable.
func TestScanShaped(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []Fact
	}{
		{"assigned under any name", "DEPLOY=" + shapedGHP + " ./release.sh",
			[]Fact{{Kind: InlineSecret, Name: "DEPLOY", Fingerprint: Fingerprint(shapedGHP)}}},
		{"exported", "export DEPLOY='" + shapedGHP + "'",
			[]Fact{{Kind: InlineSecret, Name: "DEPLOY", Fingerprint: Fingerprint(shapedGHP), Pos: 7}}},
		{"in a header", `curl -sf -H "PRIVATE-TOKEN: ` + shapedGLPAT + `" https://gitlab.example.com/api/v4/user`,
			[]Fact{{Kind: InlineSecret, Name: "gitlab-token", Fingerprint: Fingerprint(shapedGLPAT), Pos: 28}}},
		{"inside sh -c", `sh -c "curl -H 'PRIVATE-TOKEN: ` + shapedGLPAT + `' https://gitlab.example.com"`,
			[]Fact{{Kind: InlineSecret, Name: "gitlab-token", Fingerprint: Fingerprint(shapedGLPAT), Pos: 31}}},
		{"secret name wins", "GITHUB_TOKEN=" + shapedGHP + " gh release create",
			[]Fact{{Kind: CredentialEnv, Name: "GITHUB_TOKEN"}, {Kind: InlineSecret, Name: "GITHUB_TOKEN", Fingerprint: Fingerprint(shapedGHP)}}},
		{"secret flag wins", "gh auth login --token " + shapedGHP,
			[]Fact{{Kind: InlineSecret, Name: "--token", Fingerprint: Fingerprint(shapedGHP), Pos: 14}}},
		{"piped wins", "echo " + shapedGHP + " | docker login ghcr.io -u ci --password-stdin",
			[]Fact{{Kind: InlineSecret, Name: "stdin: docker login --password-stdin", Fingerprint: Fingerprint(shapedGHP), Pos: 5}}},
		{"key ID", "ID=" + shapedAKIA + " cmd", nil},
		{"placeholder", "DEPLOY=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx cmd", nil},
		{"variable named like one", "echo $ghp_R4nd0mL00kingT0kenN0tIssued12345678", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Scan(tc.in)
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreUnexported(Fact{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Scan(%q) (-want +got):\n%s", tc.in, diff)
			}
			masked, _ := ScanMasked(tc.in)
			for _, v := range []string{shapedGHP, shapedGLPAT, shapedAKIA} {
				if len(tc.want) > 0 && strings.Contains(masked, v) {
					t.Errorf("Mask(%q) = %q holds the value", tc.in, masked)
				}
			}
		})
	}
}

// TestEmitShaped checks that the Sink records a credential told by its
// form by fingerprint only.
func TestEmitShaped(t *testing.T) {
	s := Sink{B: graph.NewBuilder()}
	s.Emit(Consumer{ID: "job", Source: "etc/cron.d/release"}, Scan("DEPLOY="+shapedGHP+" ./release.sh"), 3)
	want := []graph.InlineSecret{{Key: "DEPLOY", Fingerprint: Fingerprint(shapedGHP), File: "etc/cron.d/release", Line: 3}}
	if diff := cmp.Diff(want, graph.DecodeInlineSecrets(s.Attrs[graph.AttrHardcodedCredentials])); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	for k, v := range s.Attrs {
		if strings.Contains(v, shapedGHP) {
			t.Errorf("attribute %s holds the value", k)
		}
	}
}
