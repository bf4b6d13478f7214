package web

import (
	"strings"
	"testing"
)

// The tokens file parser never panics, and never repeats a line it
// refuses: the line may be a token pasted by mistake.
func FuzzParseTokens(f *testing.F) {
	f.Add("# tokens\n9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ci\n")
	f.Add("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n\n")
	f.Add("a-plain-token-pasted-here\n")
	f.Add("")
	// The message itself, for a line that happens to be part of it.
	template := (&Auth{}).parseTokens("tokens", []byte("-")).Error()
	f.Fuzz(func(t *testing.T, data string) {
		err := (&Auth{}).parseTokens("tokens", []byte(data))
		if err == nil {
			return
		}
		for _, line := range strings.Split(data, "\n") {
			if l := strings.TrimSpace(line); len(l) > 12 && !strings.HasPrefix(l, "#") && !strings.Contains(template, l) && strings.Contains(err.Error(), l) {
				t.Fatalf("the error repeats a line of the file: %v", err)
			}
		}
	})
}

// Any Accept header picks one of the plan's media types.
func FuzzNegotiate(f *testing.F) {
	f.Add("text/markdown")
	f.Add("text/html;q=0.9, application/json")
	f.Add("*/*")
	f.Fuzz(func(t *testing.T, accept string) {
		format, mt := negotiate(accept)
		if planFormats[mt] != format {
			t.Fatalf("negotiate(%q) = %q, %q", accept, format, mt)
		}
	})
}
