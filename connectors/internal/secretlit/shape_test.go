package secretlit

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Fake credentials of each form: random-looking, issued by no one.
const (
	fakeGHP    = "ghp_R4nd0mL00kingT0kenN0tIssued12345678"
	fakeGHS    = "ghs_16C7e42F292c6912E7710c838347Ae178B4a"
	fakePAT    = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS"
	fakeGLPAT  = "glpat-Zx9Rt2Lm4Qw8Np6Vb3Kc"
	fakeSlack  = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"
	fakeOpenAI = "sk-proj-Q3b9Zt7Lr2Xw5Mn8Vc1Kd4Fg6Hj0Ps"
	fakeOldOAI = "sk-4vT9qLr2Xw5Mn8Vc1Kd4Fg6Hj0PsZt7b"
	fakeAnth   = "sk-ant-api03-Q3b9Zt7Lr2Xw5Mn8Vc1Kd4Fg6Hj0Ps-AA"
	fakeGoogle = "AIzaSyD4vT9qLr2Xw5Mn8Vc1Kd4Fg6Hj0PsZt7w"
	fakeAKIA   = "AKIAZNWLEGACYKEY0001"
	fakeASIA   = "ASIA3XQ7RTLM2ZPKW9VB"
	fakeJWT    = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ.Zm9vYmFyYmF6cXV4MTIzNDU2"
)

func TestShaped(t *testing.T) {
	type m struct{ Kind, Value string }
	for _, tc := range []struct {
		in   string
		want []m
	}{
		{fakeGHP, []m{{GitHubToken, fakeGHP}}},
		{fakeGHS, []m{{GitHubToken, fakeGHS}}},
		{fakePAT, []m{{GitHubToken, fakePAT}}},
		{fakeGLPAT, []m{{GitLabToken, fakeGLPAT}}},
		{fakeSlack, []m{{SlackToken, fakeSlack}}},
		{fakeOpenAI, []m{{OpenAIKey, fakeOpenAI}}},
		{fakeOldOAI, []m{{OpenAIKey, fakeOldOAI}}},
		{fakeAnth, []m{{AnthropicKey, fakeAnth}}},
		{fakeGoogle, []m{{GoogleAPIKey, fakeGoogle}}},
		{fakeAKIA, []m{{AWSAccessKeyID, fakeAKIA}}},
		{fakeASIA, []m{{AWSAccessKeyID, fakeASIA}}},
		{fakeJWT, []m{{JWT, fakeJWT}}},
		// Inside text: a header, a URL's query, a command, a quoted value.
		{"Authorization: token " + fakeGHP, []m{{GitHubToken, fakeGHP}}},
		{"curl -H 'PRIVATE-TOKEN: " + fakeGLPAT + "' https://gitlab.example.com", []m{{GitLabToken, fakeGLPAT}}},
		{"https://api.example.com/?key=" + fakeGoogle + "&x=1", []m{{GoogleAPIKey, fakeGoogle}}},
		{`"` + fakeAKIA + `" and "` + fakeASIA + `"`, []m{{AWSAccessKeyID, fakeAKIA}, {AWSAccessKeyID, fakeASIA}}},
		{"Bearer " + fakeJWT, []m{{JWT, fakeJWT}}},
		// The sample estate's MCP token: a made-up name, but a token's form.
		{"ghp_NorthwindFakeMcpToken00000000000001", []m{{GitHubToken, "ghp_NorthwindFakeMcpToken00000000000001"}}},

		// Near misses. Placeholders written where a credential goes.
		{"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", nil},
		{"ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", nil},
		{"ghp_000000000000000000000000000000000000", nil},
		{"ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", nil}, // no digit
		{"sk-your-key-here", nil},
		{"sk-your-openai-api-key-goes-here-1234", nil},
		{"sk-proj-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV", nil},
		{"sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", nil},
		{"AKIAIOSFODNN7EXAMPLE", nil}, // AWS's documentation example
		{"AKIAI44QH8DHBEXAMPLE", nil},
		{"AKIAQRSTUVWXYZEXAMPL", nil}, // cut short to fit
		{"ASIAZZUSERZZPLACEHOL", nil},
		{"AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", nil},
		{"glpat-REDACTED0000000000000", nil},
		{"xoxb-your-bot-token-1234", nil},
		{"<" + "ghp_" + "****************************1234>", nil},
		// Short strings and prefixes alone.
		{"ghp_", nil}, {"ghp_1a2b3c", nil}, {"sk-1a2b3c4d", nil}, {"AKIA1234", nil}, {"glpat-", nil}, {"", nil},
		// Words inside identifiers.
		{"task-definition-ledger-worker-2024-prod", nil},
		{"risk-assessment-pipeline-job-2024-v2", nil},
		{"my_ghp_R4nd0mL00kingT0kenN0tIssued12345678", nil},
		{fakeAKIA + "X", nil},          // 17 characters: not a key ID
		{"XAKIAZNWLEGACYKEY0001", nil}, // a longer upper-case word
		{fakeAKIA + "_suffix", nil},    // an identifier built on one
		{"desk-Q3b9Zt7Lr2Xw5Mn8Vc1Kd4Fg6Hj0Ps", nil},
		{"TheAIzaSyD4vT9qLr2Xw5Mn8Vc1Kd4Fg6Hj0PsZt7w", nil},
		// A JWT needs three parts, the first two JSON objects.
		{"eyJhbGciOiJIUzI1NiJ9.not-a-payload.Zm9vYmFyYmF6cXV4MTIz", nil},
		{"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaS1ib3QifQ", nil},
		// Lists, paths and references are not credentials.
		{"${{ secrets.GITHUB_TOKEN }}", nil},
		{"/run/secrets/ghp_token_file", nil},
	} {
		var got []m
		for _, x := range Shaped(tc.in) {
			if tc.in[x.Start:x.End] != x.Value {
				t.Errorf("Shaped(%q): Start:End %d:%d is not Value %q", tc.in, x.Start, x.End, x.Value)
			}
			got = append(got, m{x.Kind, x.Value})
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Shaped(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestMatchKey(t *testing.T) {
	gh, aws := Shaped(fakeGHP)[0], Shaped(fakeAKIA)[0]
	for _, tc := range []struct {
		m          Match
		name, want string
	}{
		{gh, "DEPLOY", "DEPLOY"},
		{gh, "", GitHubToken},
		{aws, "AWS_ACCESS_KEY_ID", AWSAccessKeyID},
		{aws, "KEY", AWSAccessKeyID},
		{aws, "", AWSAccessKeyID},
	} {
		if got := tc.m.Key(tc.name); got != tc.want {
			t.Errorf("%s.Key(%q) = %q, want %q", tc.m.Kind, tc.name, got, tc.want)
		}
	}
}

func FuzzShaped(f *testing.F) {
	for _, s := range []string{fakeGHP, fakePAT, fakeGLPAT, fakeSlack, fakeOpenAI, fakeAnth, fakeGoogle, fakeAKIA, fakeJWT,
		"sk-your-key-here", "token: " + fakeGHP + " " + fakeAKIA, "ghp_xxxxxxxxxxxxxxxxxxxxxxxx", "é" + fakeGHS} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		prev := -1
		for _, x := range Shaped(v) {
			if x.Start < prev || x.Start >= x.End || x.End > len(v) || v[x.Start:x.End] != x.Value {
				t.Fatalf("Shaped(%q): bad span %d:%d for %q", v, x.Start, x.End, x.Value)
			}
			if x.Kind == "" || len(x.Value) < minShaped {
				t.Fatalf("Shaped(%q): match %+v has no kind or is too short", v, x)
			}
			prev = x.End
			// A match found in text is found alone.
			if again := Shaped(x.Value); len(again) != 1 || again[0].Value != x.Value {
				t.Fatalf("Shaped(%q) found %q, which alone gives %+v", v, x.Value, again)
			}
		}
	})
}

// BenchmarkShaped measures the test every scalar a connector reads goes
// through: most hold no credential, some hold one.
func BenchmarkShaped(b *testing.B) {
	values := []string{
		"ubuntu-latest", "actions/checkout@v4", "${{ secrets.GITHUB_TOKEN }}", "npm ci && npm test",
		"arn:aws:iam::111122223333:role/deploy", "us-east-1", "make release VERSION=1.2.3",
		"curl -sSf -H 'Authorization: token " + fakeGHP + "' https://api.github.com/user",
		strings.Repeat("echo building the project; ", 20),
	}
	for _, bc := range []struct {
		name   string
		values []string
	}{{"none", values[:len(values)-2]}, {"token", values[len(values)-2 : len(values)-1]}, {"long", values[len(values)-1:]}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, v := range bc.values {
					Shaped(v)
				}
			}
		})
	}
}
