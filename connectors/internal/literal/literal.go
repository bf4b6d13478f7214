// Package literal tells values written into configuration files that name
// or choose something — an enumeration (token_format: access_token), an
// identifier (sts.amazonaws.com, us-east-1, an ARN, a list of secret
// names), a number, a duration, a boolean — from values that could be a
// credential. CI connectors ask it before they record a hard-coded
// credential under a credential-sounding key, so that a key naming a
// token's format is not taken for the token.
package literal

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	number   = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
	duration = regexp.MustCompile(`^[0-9]+(ms|s|m|h|d|w)$`)
)

// Identifier reports whether v reads as an enumeration or identifier, not
// as a secret: a boolean, a number, a duration, an ARN, or words joined by
// _ - . , : / or @ where each word is one case of letters (access_token,
// ACCESS_TOKEN, sts.amazonaws.com) or digits (rsa-4096, us-east-1). A
// single word without a separator (testtoken) is not an identifier: it
// could be a password; neither is a word mixing letters with digits
// (Lit3ral, ghp1x2) or upper with lower case (abcDEF), as random tokens
// do.
func Identifier(v string) bool {
	v = strings.TrimSpace(v)
	switch strings.ToLower(v) {
	case "", "true", "false", "yes", "no", "on", "off", "null", "none":
		return true
	}
	if number.MatchString(v) || duration.MatchString(v) || strings.HasPrefix(v, "arn:") {
		return true
	}
	words := strings.FieldsFunc(v, func(r rune) bool { return strings.ContainsRune("_-.,:/@", r) })
	if len(words) < 2 {
		return false
	}
	for _, w := range words {
		if !oneKind(w) {
			return false
		}
	}
	return true
}

// oneKind reports whether w is all digits, all lower-case letters or all
// upper-case letters.
func oneKind(w string) bool {
	var digit, lower, upper bool
	for _, r := range w {
		switch {
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		default:
			return false
		}
	}
	n := 0
	for _, b := range []bool{digit, lower, upper} {
		if b {
			n++
		}
	}
	return n == 1
}
