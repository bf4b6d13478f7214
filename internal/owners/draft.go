package owners

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/graph"
)

// draftEntry is one team or person of a draft owners file.
type draftEntry struct {
	id, name, handle, email string
	aliases                 []string
	notes                   []string
}

// WriteDraft writes a starting owners file (docs/owners-file.md, version 1)
// for the owners of seen that the owners file does not already declare:
// a team or person for each, with the names sources use as aliases, so
// that once the file is saved as convene-owners.yaml and scanned, every
// hint lands on its entry. Owners the file cannot express (a GitHub user
// known only by login) are listed as comments. The draft has no rules:
// the hints keep drawing ownership; the file adds who the owners are and
// how to reach them.
func WriteDraft(w io.Writer, seen []Seen) error {
	var teams, people []*draftEntry
	teamByID := map[string]*draftEntry{}
	var skipped, known []string
	takenAlias := map[string]bool{}
	for _, s := range seen {
		if s.InOwnersFile {
			known = append(known, s.ID)
			continue
		}
		e, isTeam, why := draftOf(s)
		if e == nil {
			skipped = append(skipped, fmt.Sprintf("%s: %s", s.ID, why))
			continue
		}
		var kept []string
		for _, al := range e.aliases {
			if k := normalize(al); !takenAlias[k] && k != e.id && k != e.email {
				takenAlias[k] = true
				kept = append(kept, al)
			}
		}
		e.aliases = kept
		for _, n := range s.NamedBy {
			e.notes = append(e.notes, "named by "+n)
		}
		e.notes = append(e.notes, fmt.Sprintf("owns %d node(s) directly, %d by inheritance", len(s.Owns), s.Inherited))
		if !isTeam {
			people = append(people, e)
			continue
		}
		if prev := teamByID[e.id]; prev != nil {
			prev.aliases = append(prev.aliases, e.aliases...)
			prev.notes = append(prev.notes, "also "+s.ID+": "+strings.Join(e.notes, "; "))
			if prev.handle == "" {
				prev.handle = e.handle
			}
			continue
		}
		teamByID[e.id] = e
		teams = append(teams, e)
	}
	p := &printer{w: w}
	p.line("# A draft owners file written by `convene owners --format yaml` from the")
	p.line("# owners the scan saw. Check each entry, add names, contacts, members and")
	p.line("# roles, then save it as convene-owners.yaml (docs/owners-file.md).")
	for _, id := range known {
		p.line("# already in the owners file: " + id)
	}
	for _, s := range skipped {
		p.line("# not drafted: " + s)
	}
	p.line("version: 1")
	if len(people) > 0 {
		p.line("")
		p.line("people:")
		for _, e := range people {
			p.entry("email", e.email, e)
		}
	}
	if len(teams) > 0 {
		p.line("")
		p.line("teams:")
		for _, e := range teams {
			p.entry("id", e.id, e)
		}
	}
	return p.err
}

// draftOf maps an owner onto a draft entry: its id or e-mail, the names it
// answers to, and whether it is a team.
func draftOf(s Seen) (e *draftEntry, team bool, why string) {
	e = &draftEntry{name: s.Name, email: s.Attrs[graph.AttrEmail]}
	if raw := s.Attrs[graph.AttrAliases]; raw != "" {
		_ = json.Unmarshal([]byte(raw), &e.aliases) // a list the link rule wrote
	}
	e.aliases = append(e.aliases, s.Names...)
	scheme, rest, _ := strings.Cut(s.ID, ":")
	switch scheme {
	case "team":
		e.id = rest
	case "person":
		e.email = rest
	case "github-team", "gitlab-group":
		e.handle = "@" + rest
		e.id = Slug(rest[strings.LastIndexByte(rest, '/')+1:])
	case "github-user", "gitlab-user":
		if !isEmail(e.email) {
			return nil, false, fmt.Sprintf("a person known only as @%s; add them under people with their e-mail and handle \"@%s\"", rest, rest)
		}
		e.handle = "@" + rest
	case "backstage":
		ref := s.Attrs[graph.AttrBackstageRef]
		if ref == "" {
			ref = rest
		}
		kind, nsName, _ := strings.Cut(ref, ":")
		ns, name, _ := strings.Cut(nsName, "/")
		e.aliases = append(e.aliases, ref)
		if kind == "user" {
			if !isEmail(e.email) {
				return nil, false, fmt.Sprintf("a catalog user with no e-mail; add them under people with aliases [%q]", ref)
			}
			break
		}
		e.id = Slug(name)
		if ns != "default" {
			e.id = Slug(ns + "." + name)
		}
		e.email = s.Attrs[graph.AttrEmail]
	default:
		return nil, false, "an owner of an unknown kind"
	}
	if e.id == "" && !isEmail(e.email) {
		return nil, false, "no team id or e-mail can be made of it"
	}
	return e, e.id != "", ""
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(s string) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, s+"\n")
	}
}

// entry writes one list item; key is "id" for a team, "email" for a person.
func (p *printer) entry(key, val string, e *draftEntry) {
	p.line(fmt.Sprintf("  - %s: %s", key, strconv.Quote(val)))
	for _, n := range e.notes {
		p.line("    # " + strings.ReplaceAll(n, "\n", " "))
	}
	if e.name != "" && e.name != e.handle {
		p.line("    name: " + strconv.Quote(e.name))
	}
	if e.handle != "" {
		p.line("    handle: " + strconv.Quote(e.handle))
	}
	slices.Sort(e.aliases)
	e.aliases = slices.Compact(e.aliases)
	if len(e.aliases) > 0 {
		q := make([]string, len(e.aliases))
		for i, a := range e.aliases {
			q[i] = strconv.Quote(a)
		}
		p.line("    aliases: [" + strings.Join(q, ", ") + "]")
	}
	if key == "id" && e.email != "" {
		p.line("    contacts: {email: " + strconv.Quote(e.email) + "}")
	}
}
