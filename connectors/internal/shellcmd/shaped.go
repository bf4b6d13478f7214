package shellcmd

import (
	"strings"

	"github.com/convene-dev/convene/connectors/internal/secretlit"
)

// shapedSecrets finds the credentials told by their form
// (secretlit.Shaped) in the words of cmds that no inline secret of facts
// covers yet: under the variable a word assigns (DEPLOY=ghp_…), else
// under the form's kind (curl -H "PRIVATE-TOKEN: glpat-…"). An access
// key's ID is left out: Mask hides it, and a key-ID variable shows it as
// the aws-access-key it names (AccessKeyID).
func shapedSecrets(src string, cmds [][]word, facts []Fact) []Fact {
	var out []Fact
	covered := func(at int) bool {
		for _, fs := range [][]Fact{facts, out} {
			for _, f := range fs {
				if f.Kind == InlineSecret && f.valueEnd > f.valueStart && at >= f.valueStart && at < f.valueEnd {
					return true
				}
			}
		}
		return false
	}
	for _, ws := range cmds {
		for _, w := range ws {
			ms := secretlit.Shaped(w.text)
			if len(ms) == 0 {
				continue
			}
			raw, name := w.raw(src), ""
			if assignment.MatchString(raw) {
				name, _, _ = strings.Cut(raw, "=")
			}
			for _, m := range ms {
				if m.Kind == secretlit.AWSAccessKeyID || m.Start > 0 && (w.text[m.Start-1] == '$' || w.text[m.Start-1] == '{') {
					continue // a key ID, or a variable named like a token
				}
				vs, ve := w.pos, w.end // escaped: the whole word
				if off := strings.Index(raw, m.Value); off >= 0 {
					vs, ve = w.pos+off, w.pos+off+len(m.Value)
				}
				if covered(vs) {
					continue
				}
				out = append(out, Fact{Kind: InlineSecret, Name: m.Key(name), Fingerprint: Fingerprint(m.Value),
					Pos: w.pos, valueStart: vs, valueEnd: ve})
			}
		}
	}
	return out
}
