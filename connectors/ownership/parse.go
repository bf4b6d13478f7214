package ownership

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/convene-dev/convene/connectors/internal/yamlnode"
	"go.yaml.in/yaml/v3"
)

// The keys each mapping of the file takes.
var (
	topKeys     = []string{"version", "teams", "people", "rules", "suppressions", "copies"}
	teamKeys    = []string{"id", "name", "handle", "aliases", "parent", "roles", "contacts", "members"}
	contactKeys = []string{"email", "slack", "pager"}
	memberKeys  = []string{"email", "name", "handle"}
	personKeys  = []string{"email", "name", "handle", "aliases", "roles"}
)

var (
	teamIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)
)

// Parse reads one owners file. path names the file in messages. When the
// file cannot be used, the error is an ErrorList naming every problem with
// its line and what to do; a file with errors is never partly used.
func Parse(path string, data []byte) (*File, error) {
	p := &parser{
		decoder: decoder{file: path, walk: yamlnode.NewWalker(maxNodes)},
		teams:   make(map[string]*teamAcc),
		people:  make(map[string]*personAcc),
		aliasOf: make(map[string]scalar),
	}
	var f *File
	if root := p.document(data); root != nil {
		f = p.parseFile(root)
	}
	if len(p.errs) > 0 || f == nil {
		sortErrors(p.errs)
		return nil, p.errs
	}
	f.Path = path
	sortErrors(p.warns)
	f.Warnings = p.warns
	return f, nil
}

// parser holds what has been read so far, to check references against.
type parser struct {
	decoder
	f      *File
	teams  map[string]*teamAcc
	people map[string]*personAcc
	// aliasOf maps each alias (normalised) to the owner that claimed it
	// first and the line, so that an alias names one owner.
	aliasOf map[string]scalar
	// broken is set when teams or people is not a list, so that references
	// to them are not reported as unknown as well.
	broken bool
}

type teamAcc struct {
	idx        int
	parentLine int
}

type personAcc struct {
	idx                  int
	nameLine, handleLine int
}

// section reads the list of teams or people.
func (p *parser) section(raw *yaml.Node, what string) []*yaml.Node {
	before := len(p.errs)
	items := p.list(raw, what)
	p.broken = p.broken || len(p.errs) > before
	return items
}

func sortErrors(errs ErrorList) {
	slices.SortStableFunc(errs, func(a, b *Error) int { return a.Line - b.Line })
}

// document decodes the file's single YAML document.
func (p *parser) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.errorf(nil, "the file is empty; an owners file starts with \"version: %d\"", Version)
		} else {
			p.syntax(data, err)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		p.errorf(&next, "a second YAML document starts here; an owners file holds one document: remove the \"---\" or split the file")
	case !errors.Is(err, io.EOF):
		p.syntax(data, err)
	}
	if len(doc.Content) == 0 {
		p.errorf(nil, "the file is empty; an owners file starts with \"version: %d\"", Version)
		return nil
	}
	return doc.Content[0]
}

func (p *parser) syntax(data []byte, err error) {
	se := yamlnode.Explain(data, err)
	p.errorAt(se.Line, "invalid YAML: %s", se.Msg)
}

func (p *parser) parseFile(root *yaml.Node) *File {
	fields, ok := p.mapping(root, "the owners file", topKeys)
	if !ok {
		return nil
	}
	p.f = &File{}
	v, has := fields["version"]
	if !has {
		p.errorf(nil, "no version; start the file with \"version: %d\"", Version)
	} else if !p.version(v) {
		return nil // the rest may mean something else in that version
	}
	p.parsePeople(p.section(fields["people"], "people"))
	p.parseTeams(p.section(fields["teams"], "teams"))
	p.checkParents()
	p.parseRules(fields["rules"])
	p.parseSuppressions(fields["suppressions"])
	p.parseCopies(fields["copies"])
	for i := range p.f.People {
		slices.Sort(p.f.People[i].Teams)
	}
	return p.f
}

func (p *parser) version(raw *yaml.Node) bool {
	n := p.deref(raw)
	if n == nil || n.Kind != yaml.ScalarNode {
		p.errorf(raw, "version must be a number: write \"version: %d\"", Version)
		return false
	}
	v, err := strconv.Atoi(strings.TrimSpace(n.Value))
	switch {
	case err != nil:
		p.errorf(raw, "version %q is not a whole number: write \"version: %d\"", n.Value, Version)
		return false
	case v != Version:
		p.errorf(raw, "version %d is not supported: this convene reads owners files of version %d; upgrade convene or write \"version: %d\"", v, Version, Version)
		return false
	}
	p.f.Version = v
	return true
}

// roles reads a list of role names.
func (p *parser) roles(raw *yaml.Node, what string) []Role {
	var out []Role
	for _, s := range p.strs(raw, what) {
		r := Role(strings.ToLower(s.val))
		if !r.Valid() {
			names := make([]string, len(Roles))
			for i, r := range Roles {
				names[i] = string(r)
			}
			p.errorAt(s.line, "unknown role %q%s; roles are: %s", s.val, didYouMean(s.val, names), strings.Join(names, ", "))
			continue
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// validEmail is deliberately loose: one @ with something either side, and
// nothing that would break a list.
func validEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && strings.Count(s, "@") == 1 && !strings.ContainsAny(s, " \t\r\n,;<>\"")
}

// person records a mention of a person, merging it with earlier mentions.
func (p *parser) person(email scalar, name, handle string, line int) *Person {
	if !validEmail(email.val) {
		p.errorAt(email.line, "%q is not an e-mail address; people are identified by e-mail, as in \"ana.lima@example.com\"", email.val)
		return nil
	}
	key := strings.ToLower(email.val)
	acc, seen := p.people[key]
	if !seen {
		acc = &personAcc{idx: len(p.f.People)}
		p.people[key] = acc
		p.f.People = append(p.f.People, Person{Email: key, Line: line})
	}
	per := &p.f.People[acc.idx]
	merge := func(field string, dst *string, v string, at *int) {
		switch {
		case v == "" || v == *dst:
		case *dst == "":
			*dst, *at = v, line
		default:
			p.errorAt(line, "person %q has %s %q here but %q at line %d; give one %s or leave it out in one place", key, field, v, *dst, *at, field)
		}
	}
	merge("name", &per.Name, name, &acc.nameLine)
	merge("handle", &per.Handle, handle, &acc.handleLine)
	return per
}

func (p *parser) parsePeople(items []*yaml.Node) {
	for _, item := range items {
		fields, ok := p.mapping(item, "a person", personKeys)
		if !ok {
			continue
		}
		errsBefore := len(p.errs)
		email := scalar{p.str(fields["email"], "email"), yamlnode.Line(fields["email"], 1)}
		if email.val == "" && len(p.errs) == errsBefore {
			p.errorf(item, "person has no email; add \"email: <address>\": people are identified by e-mail")
		}
		if email.val == "" {
			continue
		}
		if acc, dup := p.people[strings.ToLower(email.val)]; dup {
			p.errorAt(email.line, "person %q is already listed at line %d; list each person once", email.val, p.f.People[acc.idx].Line)
			continue
		}
		per := p.person(email, p.str(fields["name"], "name"), p.str(fields["handle"], "handle"), yamlnode.Line(item, 1))
		roles := p.roles(fields["roles"], "roles")
		if per != nil {
			per.Roles = roles
			per.Aliases = p.aliases(fields["aliases"], "person "+strconv.Quote(per.Email), per.NodeID())
		}
	}
}
