package secretlit

import (
	"regexp"
	"strings"
)

// The kinds of credential Shaped tells by form. A record made for a value
// written under no name is keyed by its kind.
const (
	GitHubToken    = "github-token"
	GitLabToken    = "gitlab-token"
	SlackToken     = "slack-token"
	OpenAIKey      = "openai-key"
	AnthropicKey   = "anthropic-key"
	GoogleAPIKey   = "google-api-key"
	AWSAccessKeyID = "aws-access-key-id"
	JWT            = "jwt"
)

// form is one credential format: its kind, the literal texts such a
// credential starts with (a cheap test before the regular expression) and
// the expression; Shaped anchors it at a word boundary.
type form struct {
	kind     string
	prefixes []string
	lead     int // the length of the fixed text the credential starts with
	re       string
}

// forms are the credentials whose issuer gives them a recognisable form.
// The order matters where forms share a prefix: sk-ant- is Anthropic's
// before sk- is OpenAI's.
var forms = []form{
	// GitHub personal access, OAuth, user-to-server, server-to-server and
	// refresh tokens: ghp_, gho_, ghu_, ghs_, ghr_ and 36 base62 characters.
	{GitHubToken, []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}, 4, `gh[pousr]_[A-Za-z0-9]{20,}`},
	// GitHub fine-grained personal access tokens: github_pat_, 22
	// characters, _ and 59 more.
	{GitHubToken, []string{"github_pat_"}, 11, `github_pat_[A-Za-z0-9_]{20,}`},
	// GitLab personal, project and group access tokens: glpat- and 20 or
	// more characters.
	{GitLabToken, []string{"glpat-"}, 6, `glpat-[A-Za-z0-9_-]{20,}`},
	// Slack bot, user, app-level, configuration and refresh tokens:
	// xoxb-, xoxp-, xoxa-, xoxo-, xoxr-, xoxs- and numbered parts.
	{SlackToken, []string{"xox"}, 5, `xox[abpors]-[A-Za-z0-9-]{10,}`},
	// Anthropic API keys: sk-ant- (sk-ant-api03-…).
	{AnthropicKey, []string{"sk-ant-"}, 7, `sk-ant-[A-Za-z0-9_-]{20,}`},
	// OpenAI API keys: sk-, sk-proj- (project) and sk-svcacct- (service
	// account), then 20 or more characters.
	{OpenAIKey, []string{"sk-"}, 3, `sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}`},
	// Google API keys: AIza and 35 characters.
	{GoogleAPIKey, []string{"AIza"}, 4, `AIza[0-9A-Za-z_-]{35}`},
	// AWS access key IDs: AKIA (a long-term key) or ASIA (temporary) and
	// 16 upper-case letters and digits. The ID is not a secret; see
	// docs/findings.md for why a committed one is recorded all the same.
	{AWSAccessKeyID, []string{"AKIA", "ASIA"}, 4, `(?:AKIA|ASIA)[0-9A-Z]{16}`},
	// JSON Web Tokens: a header and a payload, each a base64url JSON
	// object (eyJ is {" encoded), and a signature.
	{JWT, []string{"eyJ"}, 0, `eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{7,}\.[A-Za-z0-9_-]{10,}`},
}

// shapes is every form in one expression, a group per form, so that one
// pass finds them all; leftmost-first alternation keeps the order of forms.
var shapes = func() *regexp.Regexp {
	parts := make([]string, len(forms))
	for i, f := range forms {
		parts[i] = "(" + f.re + ")"
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(parts, "|") + `)`)
}()

// minShaped is the length of the shortest credential a form matches.
const minShaped = 15

// Match is one credential Shaped found: its kind and where it stands in
// the text (Value is text[Start:End]).
type Match struct {
	Kind       string
	Value      string
	Start, End int
}

// Shaped returns the credentials in v recognisable by their form whatever
// they are called: GitHub, GitLab and Slack tokens, OpenAI, Anthropic and
// Google API keys, AWS access key IDs and JSON Web Tokens. A match must
// stand as a word of its own (not inside an identifier: a letter, digit or
// _ on either side rules it out), hold a digit and a letter as real
// credentials do, and not be a placeholder written where one goes
// (ghp_xxxxxxxx…, sk-your-key-here, AKIAIOSFODNN7EXAMPLE).
func Shaped(v string) []Match {
	if len(v) < minShaped || !hasPrefix(v) {
		return nil
	}
	var out []Match
	for _, m := range shapes.FindAllStringSubmatchIndex(v, -1) {
		start, end := m[0], m[1]
		if end < len(v) && wordByte(v[end]) {
			continue // runs on into a longer word
		}
		var f form
		for i := range forms {
			if m[2+2*i] >= 0 {
				f = forms[i]
				break
			}
		}
		s := v[start:end]
		body := s[f.lead:]
		if f.kind == OpenAIKey {
			body = strings.TrimPrefix(strings.TrimPrefix(body, "proj-"), "svcacct-")
		}
		if realistic(body) {
			out = append(out, Match{Kind: f.kind, Value: s, Start: start, End: end})
		}
	}
	return out
}

// hasPrefix reports whether v holds the start of any form: most values
// hold none, and the test is far cheaper than the expression.
func hasPrefix(v string) bool {
	for _, f := range forms {
		for _, p := range f.prefixes {
			if strings.Contains(v, p) {
				return true
			}
		}
	}
	return false
}

// wordByte reports whether b continues a word: a letter, digit or _.
func wordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// placeholderWords mark text written where a credential goes: the
// documentation's examples and fill-me-in values.
var placeholderWords = []string{"xxxx", "****", "your", "examp", "placehol", "replace", "redacted", "changeme", "insert", "dummy", "here"}

// realistic reports whether the body of a match (the text after its
// fixed start) looks issued rather than written by hand: a digit and a
// letter, 8 different characters or more, and no placeholder word.
func realistic(body string) bool {
	var digit, letter bool
	var seen [128]bool
	distinct := 0
	for i := 0; i < len(body); i++ {
		b := body[i]
		switch {
		case b >= '0' && b <= '9':
			digit = true
		case b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z':
			letter = true
		}
		if b < 128 && !seen[b] {
			seen[b] = true
			distinct++
		}
	}
	if !digit || !letter || distinct < 8 {
		return false
	}
	l := strings.ToLower(body)
	for _, w := range placeholderWords {
		if strings.Contains(l, w) {
			return false
		}
	}
	return true
}

// Key is the key of the inline-secret record made for m when it is the
// value of name ("" when it is written under no name, in a script or a
// command): the name when there is one, else m's kind. An AWS access key
// ID is always recorded as aws-access-key-id, whatever it is called: the
// record says a long-lived key is in use, and the finding says to
// deactivate it.
func (m Match) Key(name string) string {
	if name == "" || m.Kind == AWSAccessKeyID {
		return m.Kind
	}
	return name
}
