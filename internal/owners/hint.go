package owners

import (
	"net/mail"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// Attributes of a referenced-only owner: an owner node that some source
// names (a tag, a catalog spec.owner, CODEOWNERS, a crontab's MAILTO) but
// that neither the owners file nor a catalog Group or User entity defines.
const (
	// AttrReferencedOnly is "true" on a referenced-only owner.
	AttrReferencedOnly = graph.AttrReferencedOnly
	// AttrNamedBy lists the kinds of hint that named it, as a sorted JSON
	// list ("tag.team", "catalog spec.owner", "CODEOWNERS", "MAILTO").
	AttrNamedBy = graph.AttrNamedBy
	// AttrMailTo is the MAILTO of a cron job as the cron connector records
	// it: the addresses that receive the job's output, comma-separated.
	AttrMailTo = graph.AttrMailTo
)

// definers are the connectors whose owner nodes are definitions: the
// owners file's teams and people, the catalog's Group and User entities.
var definers = map[string]bool{"owners-file": true, "backstage": true}

// Defined reports whether an owner node is defined by the owners file or a
// catalog entity, rather than only named by a hint. It reads the evidence,
// not the AttrReferencedOnly attribute, so a graph file scanned before the
// owners file was added still answers right.
func Defined(n graph.Node) bool {
	for _, ev := range n.Evidence {
		if definers[ev.Connector] {
			return true
		}
	}
	return false
}

// ReferencedOnly reports whether n is an owner node that only hints name.
func ReferencedOnly(n graph.Node) bool { return n.Kind == graph.Owner && !Defined(n) }

// HintID maps a raw owner hint that no known owner answers to onto the ID
// the owner would have if the source that defines such owners declared it,
// so that a definition added later lands on the same node (docs/ids.md):
//
//   - an e-mail address: person:<address>, as the owners file names people;
//   - @org/team and @login: github-team:org/team and github-user:login, as
//     CODEOWNERS names them;
//   - group:[namespace/]name and user:[namespace/]name:
//     backstage:group:<namespace>/<name> (a team) and
//     backstage:user:<namespace>/<name> (a person), as the catalog's
//     entities are named; the namespace defaults to "default";
//   - team:x and person:x: as written;
//   - any other name: team:<slug>, as the owners file names teams, where the
//     slug is the name lower-cased with every run of characters a team id
//     does not allow replaced by "-".
//
// An address with a display name ("Ana Lima <ana@example.com>") is the
// address. typ is "team" or "person". ok is false for a value that names
// nobody: empty, punctuation only, or a placeholder such as "none", "n/a"
// or "TBD", which is a tag to fix, not a team.
func HintID(raw string) (id, typ string, ok bool) {
	v := strings.TrimSpace(raw)
	lv := strings.ToLower(v)
	switch {
	case v == "" || placeholders[Slug(v)] || placeholders[lv]:
		return "", "", false
	case isEmail(v):
		return "person:" + lv, "person", true
	case strings.Contains(v, "<") && strings.HasSuffix(v, ">"):
		if a, err := mail.ParseAddress(v); err == nil && isEmail(a.Address) {
			return "person:" + strings.ToLower(a.Address), "person", true
		}
	case strings.HasPrefix(v, "@"):
		rest := strings.Trim(lv[1:], "/")
		if rest == "" || strings.ContainsAny(rest, " \t@:") {
			return "", "", false
		}
		if strings.Contains(rest, "/") {
			return "github-team:" + rest, "team", true
		}
		return "github-user:" + rest, "person", true
	}
	if kind, rest, found := strings.Cut(lv, ":"); found {
		switch kind {
		case "group", "user":
			ns, name, hasNS := strings.Cut(strings.TrimSpace(rest), "/")
			if !hasNS {
				ns, name = "default", ns
			}
			if ns == "" || name == "" || strings.ContainsAny(ns+name, " \t:/") {
				return "", "", false
			}
			typ = "team"
			if kind == "user" {
				typ = "person"
			}
			return "backstage:" + kind + ":" + ns + "/" + name, typ, true
		case "team":
			if s := Slug(rest); s != "" {
				return "team:" + s, "team", true
			}
			return "", "", false
		case "person":
			if isEmail(rest) {
				return "person:" + strings.TrimSpace(rest), "person", true
			}
		}
	}
	if s := Slug(v); s != "" {
		return "team:" + s, "team", true
	}
	return "", "", false
}

// placeholders are tag values that say nobody owns the node.
var placeholders = map[string]bool{
	"none": true, "n/a": true, "na": true, "n-a": true, "unknown": true, "tbd": true, "todo": true,
	"null": true, "nil": true, "unassigned": true, "nobody": true, "no-owner": true, "noowner": true,
	"-": true, "?": true, "changeme": true,
}

// Slug turns a name into a valid owners-file team id: lower case, runs of
// characters other than letters, digits, ".", "_" and "-" replaced by one
// "-", no leading or trailing punctuation, at most 100 characters.
func Slug(name string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			dash = false
			sb.WriteRune(r)
		default:
			dash = true
		}
	}
	s := strings.Trim(sb.String(), "._-")
	if len(s) > 100 {
		s = strings.Trim(s[:100], "._-")
	}
	return s
}

// isEmail reports whether v is a bare e-mail address (name@domain.tld).
func isEmail(v string) bool {
	at := strings.LastIndexByte(v, '@')
	if at <= 0 || !strings.Contains(v[at+1:], ".") || strings.ContainsAny(v, " \t<>,;:/") {
		return false
	}
	a, err := mail.ParseAddress(v)
	return err == nil && a.Address == v
}

// MailTo splits a MAILTO value into its addresses. Cron sends to each of a
// comma-separated list; an empty MAILTO sends nothing.
func MailTo(v string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if f = strings.Trim(f, `"'`); f != "" {
			out = append(out, f)
		}
	}
	return out
}
