package githubactions

import "strings"

// This file finds the secrets an expression reads. GitHub expressions are a
// small language (contexts, property access, index access with string
// literals, function calls, operators); tokenising them, rather than
// matching a regular expression over the line, is what tells
// `secrets.DB_PASSWORD` from `steps.secrets.outputs.x` or a string literal
// that merely mentions "secrets.X".

// exprRef is one read of the secrets context (or of github.token).
type exprRef struct {
	// Name is the secret's name in upper case (GitHub secret names are
	// case-insensitive and stored upper case); empty when Dynamic.
	Name string
	// Dynamic is true when the name is computed (secrets[matrix.x],
	// secrets[format(...)]) or the whole context is passed on
	// (toJSON(secrets)).
	Dynamic bool
	// Raw is the expression text of a dynamic access, which names no
	// secret value.
	Raw string
}

// tokKind classifies an expression token.
type tokKind uint8

const (
	tokIdent tokKind = iota
	tokString
	tokPunct
	tokOther
)

type token struct {
	kind tokKind
	text string // identifier, unquoted string, punctuation
	pos  int    // byte offset in the expression
}

// tokenize splits an expression into tokens. It never fails: an unknown
// byte becomes a tokOther token, so a malformed expression still yields the
// references it plainly contains.
func tokenize(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			// GitHub strings are single-quoted with '' as the escape;
			// double quotes are tolerated the same way for robustness.
			j, sb := i+1, strings.Builder{}
			for j < len(s) {
				if s[j] == c {
					if j+1 < len(s) && s[j+1] == c {
						sb.WriteByte(c)
						j += 2
						continue
					}
					break
				}
				sb.WriteByte(s[j])
				j++
			}
			toks = append(toks, token{tokString, sb.String(), i})
			i = min(j+1, len(s))
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentPart(s[j]) {
				j++
			}
			toks = append(toks, token{tokIdent, s[i:j], i})
			i = j
		case strings.IndexByte(".[](),*!", c) >= 0:
			toks = append(toks, token{tokPunct, s[i : i+1], i})
			i++
		default:
			j := i + 1
			for j < len(s) && !isIdentStart(s[j]) && strings.IndexByte(".[](),*!'\" \t\n\r", s[j]) < 0 {
				j++
			}
			toks = append(toks, token{tokOther, s[i:j], i})
			i = j
		}
	}
	return toks
}

func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c == '-' || (c >= '0' && c <= '9')
}

// secretRefs returns the secrets an expression reads, in order.
func secretRefs(expr string) []exprRef {
	toks := tokenize(expr)
	var out []exprRef
	for i, t := range toks {
		if t.kind != tokIdent || (i > 0 && toks[i-1].kind == tokPunct && toks[i-1].text == ".") {
			continue // a property named "secrets" (steps.secrets.outputs) is no context
		}
		switch strings.ToLower(t.text) {
		case "secrets":
			out = append(out, secretAccess(expr, toks, i))
		case "github":
			// github.token is GITHUB_TOKEN under another name.
			if i+2 < len(toks) && toks[i+1].text == "." && strings.EqualFold(toks[i+2].text, "token") {
				out = append(out, exprRef{Name: "GITHUB_TOKEN"})
			}
		}
	}
	return out
}

// secretAccess reads what follows the secrets context at toks[i].
func secretAccess(expr string, toks []token, i int) exprRef {
	next := func(k int) token {
		if i+k < len(toks) {
			return toks[i+k]
		}
		return token{kind: tokOther}
	}
	switch a := next(1); {
	case a.kind == tokPunct && a.text == "." && next(2).kind == tokIdent:
		return exprRef{Name: strings.ToUpper(next(2).text)}
	case a.kind == tokPunct && a.text == "[":
		if s, c := next(2), next(3); s.kind == tokString && c.text == "]" {
			return exprRef{Name: strings.ToUpper(s.text)}
		}
		// A computed index: keep its text up to the matching bracket.
		depth, end := 0, len(expr)
		for _, t := range toks[i+1:] {
			if t.kind != tokPunct {
				continue
			}
			if t.text == "[" {
				depth++
			} else if t.text == "]" {
				if depth--; depth == 0 {
					end = t.pos + 1
					break
				}
			}
		}
		return exprRef{Dynamic: true, Raw: strings.TrimSpace(expr[toks[i].pos:end])}
	default:
		return exprRef{Dynamic: true, Raw: "secrets"}
	}
}

// exprSegments returns the bodies of the ${{ … }} expressions in s.
func exprSegments(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			return out
		}
		s = s[i+3:]
		j := strings.Index(s, "}}")
		if j < 0 {
			return append(out, s)
		}
		out = append(out, s[:j])
		s = s[j+2:]
	}
}

// refsInValue returns the secret reads in a YAML value. bare is true for an
// `if:` condition, which is an expression even without ${{ }}.
func refsInValue(s string, bare bool) []exprRef {
	if !strings.Contains(s, "secrets") && !strings.Contains(s, "token") &&
		!strings.Contains(s, "SECRETS") && !strings.Contains(s, "Secrets") {
		return nil // fast path: most values read no secret
	}
	if bare && !strings.Contains(s, "${{") {
		return secretRefs(s)
	}
	var out []exprRef
	for _, seg := range exprSegments(s) {
		out = append(out, secretRefs(seg)...)
	}
	return out
}

// hasExpr reports whether s holds an expression, so its value is not known
// until run time.
func hasExpr(s string) bool { return strings.Contains(s, "${{") }
