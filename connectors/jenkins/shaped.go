package jenkins

import (
	"slices"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// shaped records the credentials told by their form (secretlit.Shaped)
// in every string of the file, whatever it is called: the value of an
// assignment (DEPLOY = 'ghp_…') or a named argument (token: 'glpat-…') is
// recorded under that name, one in a command (sh "curl -H 'PRIVATE-TOKEN:
// glpat-…'") under its kind. A value literal already recorded under a
// secret's name is not recorded twice. Only fingerprints are kept.
func (r *recogniser) shaped(toks []token) {
	for i, t := range toks {
		if t.kind != tString {
			continue
		}
		ms := secretlit.Shaped(t.text)
		if len(ms) == 0 {
			continue
		}
		name := ""
		if i >= 2 && toks[i-2].kind == tIdent && toks[i-1].kind == tPunct && (toks[i-1].text == "=" || toks[i-1].text == ":") {
			name = toks[i-2].text
		}
		if name != "" && slices.ContainsFunc(r.inline, func(in inline) bool { return in.key == name && in.line == t.line }) {
			continue
		}
		for _, m := range ms {
			line := t.line + strings.Count(t.text[:m.Start], "\n")
			r.inline = append(r.inline, inline{m.Key(name), secretlit.Fingerprint(m.Value), line})
		}
	}
}
