package ownership

import (
	"fmt"
	"strings"
)

// Version is the only owners-file version this release reads.
const Version = 1

// File is one parsed owners file: who the teams and people are, how to reach
// them, which functional roles they fill, and the rules that make them owners
// of nodes. docs/owners-file.md is the reference of the format.
type File struct {
	// Path is the file as the scan named it; evidence cites it.
	Path string
	// Name is the file relative to the scanned root, which attributes
	// cite, so that they hold no path of the scanning machine; Path when
	// unset.
	Name    string
	Version int
	Teams   []Team
	// People holds everyone the file names: those listed under people and
	// the members of teams, once each, in the order first met.
	People []Person
	Rules  []Rule
	// Suppressions silence findings, each with an accepting owner, a
	// reason and an expiry.
	Suppressions []Suppression
	// Copies are credentials known to hold a copy of another.
	Copies []Copy
	// Warnings are problems that did not stop the file being read.
	Warnings ErrorList
}

// Team is a group of people answerable for nodes.
type Team struct {
	// ID is the team's id in the file; its node is "team:<ID>".
	ID     string
	Name   string
	Handle string
	// Parent is the id of the team this one belongs to, or "".
	Parent string
	Roles  []Role
	// Aliases are the other names the team goes by in other sources: a
	// CODEOWNERS team (@org/team), a Backstage group (group:default/x), a
	// tag value. Owner resolution maps them to this team.
	Aliases  []string
	Contacts Contacts
	// Members are the members' e-mail addresses, lower-cased, in file order.
	Members []string
	Line    int
}

// NodeID returns the ID of the team's node.
func (t Team) NodeID() string { return TeamID(t.ID) }

// Contacts says how to reach a team.
type Contacts struct {
	Email string
	Slack string
	// Pager names the on-call service that pages the team, for example
	// "pagerduty:PAYMENTS".
	Pager string
}

// Person is one human, identified by e-mail address.
type Person struct {
	// Email is lower-cased: addresses are compared without case.
	Email  string
	Name   string
	Handle string
	Roles  []Role
	// Aliases are the person's other names, as for a team.
	Aliases []string
	// Teams are the ids of the teams the person is a member of, sorted.
	Teams []string
	Line  int
}

// NodeID returns the ID of the person's node.
func (p Person) NodeID() string { return PersonID(p.Email) }

// Rule makes owners of the nodes it selects. A node is selected when its ID
// matches one of IDs (or IDs is empty), its kind is Kind and its type is Type
// (when set), and it carries the tag (when TagKey is set). A rule has IDs or
// a tag, or both.
type Rule struct {
	IDs      []string
	Kind     string
	Type     string
	TagKey   string
	TagValue string
	// Owners are the owners' node IDs: "team:<id>" or "person:<email>".
	Owners []string
	Line   int
}

// TeamID returns the node ID of the team with the given id.
func TeamID(id string) string { return "team:" + id }

// PersonID returns the node ID of the person with the given e-mail address.
func PersonID(email string) string { return "person:" + strings.ToLower(email) }

// Role is a functional role a team or person fills, which the planner uses
// to decide whom to invite to a change.
type Role string

// The roles.
const (
	// RoleSecurity sets the risk objective, approvals and rollback
	// expectations.
	RoleSecurity Role = "security"
	// RoleIAM owns entitlement design, role mapping and review frequency.
	RoleIAM Role = "iam"
	// RoleInfrastructure knows what the infrastructure can enforce without
	// breaking availability.
	RoleInfrastructure Role = "infrastructure"
	// RolePlatform runs CI, schedulers and the shared platform.
	RolePlatform Role = "platform"
	// RoleAdministrators test against real workflows, including break-glass
	// and recovery.
	RoleAdministrators Role = "administrators"
	// RoleIncidentResponse holds production admin and emergency access.
	RoleIncidentResponse Role = "incident-response"
)

// Roles lists every role, sorted.
var Roles = []Role{RoleAdministrators, RoleIAM, RoleIncidentResponse, RoleInfrastructure, RolePlatform, RoleSecurity}

// Valid reports whether r is one of the defined roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Error is a problem in an owners file, at a line.
type Error struct {
	File string
	Line int
	// Msg says what is wrong and what to do.
	Msg string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ErrorList is every problem found in one file, in line order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}
