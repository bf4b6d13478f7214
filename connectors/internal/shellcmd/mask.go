package shellcmd

import (
	"regexp"
	"slices"
	"strings"
)

// accessKeyID matches AWS access key IDs (long-term AKIA…, temporary ASIA…).
var accessKeyID = regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`)

// urlPassword matches the password of a URL with credentials.
var urlPassword = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@'"]+:([^@\s/'"]+)@`)

// Mask returns text with every secret value replaced by its fingerprint:
// the inline values Scan found in facts (variables, --password and the
// like, vault key=value secrets), AWS access key IDs and URL passwords.
// The command text is configuration and is kept; only the values go.
func Mask(text string, facts []Fact) string {
	type cut struct {
		start, end int
		fp         string
	}
	var cuts []cut
	for _, f := range facts {
		if f.Kind == InlineSecret && f.valueEnd > f.valueStart && f.valueEnd <= len(text) {
			cuts = append(cuts, cut{f.valueStart, f.valueEnd, f.Fingerprint})
		}
	}
	// The regular expressions are costly; most commands hold neither.
	if strings.Contains(text, "AKIA") || strings.Contains(text, "ASIA") {
		for _, m := range accessKeyID.FindAllStringIndex(text, -1) {
			cuts = append(cuts, cut{m[0], m[1], Fingerprint(text[m[0]:m[1]])})
		}
	}
	if strings.Contains(text, "://") && strings.Contains(text, "@") {
		for _, m := range urlPassword.FindAllStringSubmatchIndex(text, -1) {
			cuts = append(cuts, cut{m[2], m[3], Fingerprint(text[m[2]:m[3]])})
		}
	}
	if len(cuts) == 0 {
		return text
	}
	slices.SortFunc(cuts, func(a, b cut) int { return a.start - b.start })
	var sb strings.Builder
	at := 0
	for _, c := range cuts {
		if c.start < at {
			continue // overlaps a value already masked
		}
		sb.WriteString(text[at:c.start])
		sb.WriteString(c.fp)
		at = c.end
	}
	sb.WriteString(text[at:])
	return sb.String()
}

// ScanMasked scans text and returns its masked form with the facts.
func ScanMasked(text string) (string, []Fact) {
	facts := Scan(text)
	return Mask(text, facts), facts
}
