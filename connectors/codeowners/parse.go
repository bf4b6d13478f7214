package codeowners

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/internal/owners/pathmatch"
)

// Dialect says whose rules a file follows.
type Dialect string

// The dialects.
const (
	// GitHub: one list of rules, the last matching line wins.
	GitHub Dialect = "github"
	// GitLab: the rules are grouped in sections ([Name], ^[Optional],
	// [Name][2]), each decided on its own, with default owners per section.
	GitLab Dialect = "gitlab"
)

// File is one parsed CODEOWNERS file.
type File struct {
	// Path is the file as the scan named it; evidence cites it.
	Path string
	// InRepo is the file relative to its repository's root, which
	// attributes cite; Path when unset.
	InRepo  string
	Dialect Dialect
	// Rules are the usable lines, in file order, with owners as written
	// (GitLab lines without owners already carry their section's).
	Rules    []pathmatch.Rule
	Sections []Section
	// Problems are the lines skipped, or partly used, and why.
	Problems []Problem
}

// Section is a GitLab section header.
type Section struct {
	Name      string
	Optional  bool
	Approvals int
	Owners    []string
	Line      int
}

// Problem is a line GitHub or GitLab would flag, with what to do.
type Problem struct {
	Line int
	Msg  string
}

var (
	sectionHeader = regexp.MustCompile(`^(\^)?\[([^\]]*)\](?:\[(\d+)\])?(.*)$`)
	userOwner     = regexp.MustCompile(`^@[A-Za-z0-9](?:[A-Za-z0-9._-]{0,254})$`)
	teamOwner     = regexp.MustCompile(`^@[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)+$`)
	emailOwner    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// maxLineBytes bounds one line: GitHub refuses files over 3 MB.
const maxLineBytes = 3 << 20

// Parse reads a CODEOWNERS file in the given dialect. It never fails: a
// line it cannot use is a Problem and the rest is read, as GitHub does.
func Parse(path string, data []byte, d Dialect) *File {
	f := &File{Path: path, Dialect: d}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), maxLineBytes)
	var section *Section
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if d == GitLab {
			if m := sectionHeader.FindStringSubmatch(line); m != nil {
				section = f.section(m, ln)
				continue
			}
		}
		pattern, rest := splitPattern(line)
		owners, hadOwners := f.owners(rest, ln)
		if hadOwners && len(owners) == 0 {
			f.problem(ln, "no valid owner on this line; it is skipped (GitHub does the same): write @user, @org/team or an e-mail address")
			continue
		}
		if _, err := pathmatch.Compile(pattern); err != nil {
			f.problem(ln, fmt.Sprintf("pattern %q: %v; the line is skipped, as GitHub skips it: rewrite the pattern", pattern, err))
			continue
		}
		r := pathmatch.Rule{Pattern: pattern, Owners: owners, Line: ln}
		if section != nil {
			r.Section = section.Name
			if len(owners) == 0 {
				r.Owners = section.Owners
			}
		}
		f.Rules = append(f.Rules, r)
	}
	if err := sc.Err(); err != nil {
		f.problem(0, fmt.Sprintf("reading stopped: %v; the rules after this point are missing", err))
	}
	return f
}

func (f *File) problem(line int, msg string) {
	f.Problems = append(f.Problems, Problem{Line: line, Msg: msg})
}

func (f *File) section(m []string, ln int) *Section {
	s := Section{Name: strings.TrimSpace(m[2]), Optional: m[1] == "^", Line: ln, Approvals: 1}
	if m[3] != "" {
		s.Approvals, _ = strconv.Atoi(m[3])
	}
	if s.Optional {
		s.Approvals = 0
	}
	if s.Name == "" {
		f.problem(ln, "section header with an empty name; GitLab ignores it: give the section a name")
	}
	s.Owners, _ = f.owners(m[4], ln)
	f.Sections = append(f.Sections, s)
	return &f.Sections[len(f.Sections)-1]
}

// splitPattern cuts the pattern off a line: up to the first whitespace not
// escaped with "\" (GitLab allows "\ " in paths).
func splitPattern(line string) (pattern, rest string) {
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case ' ', '\t':
			return strings.ReplaceAll(line[:i], `\ `, " "), line[i:]
		}
	}
	return strings.ReplaceAll(line, `\ `, " "), ""
}

// owners reads the owners after a pattern, up to an inline "#" comment.
// hadOwners is true when the line named any, valid or not.
func (f *File) owners(rest string, ln int) (owners []string, hadOwners bool) {
	for _, tok := range strings.Fields(rest) {
		if strings.HasPrefix(tok, "#") {
			break
		}
		hadOwners = true
		switch {
		case f.Dialect == GitLab && strings.HasPrefix(tok, "@@"):
			f.problem(ln, fmt.Sprintf("owner %q is a GitLab role, not a person or group; convene does not expand roles and leaves it out", tok))
		case teamOwner.MatchString(tok), userOwner.MatchString(tok):
			owners = append(owners, tok)
		case emailOwner.MatchString(tok):
			owners = append(owners, strings.ToLower(tok))
		default:
			f.problem(ln, fmt.Sprintf("owner %q is not @user, @org/team or an e-mail address; GitHub reports it as an unknown owner: fix the spelling", tok))
		}
	}
	return owners, hadOwners
}

// OwnerID returns the node ID convene gives a raw owner: github-team:org/team,
// github-user:login (GitHub's names are compared without case, so they are
// lower-cased), gitlab-group:path, gitlab-user:name, person:<e-mail>.
func OwnerID(raw string, d Dialect) (id, typ string) {
	name, isHandle := strings.CutPrefix(raw, "@")
	if !isHandle {
		return "person:" + strings.ToLower(raw), "person"
	}
	name = strings.ToLower(name)
	switch {
	case d == GitLab && strings.Contains(name, "/"):
		return "gitlab-group:" + name, "team"
	case d == GitLab:
		return "gitlab-user:" + name, "person"
	case strings.Contains(name, "/"):
		return "github-team:" + name, "team"
	}
	return "github-user:" + name, "person"
}
