// Package vaultpolicy parses Vault ACL policies (HCL or JSON, with the HCL
// line Vault itself parses them with) and answers what a policy allows on a
// path by Vault's own priority rules. The vault connector reads policies
// with it, and the effective-access rules evaluate them with it.
package vaultpolicy

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl"
	"github.com/hashicorp/hcl/hcl/ast"
	hclparser "github.com/hashicorp/hcl/hcl/parser"
)

// Policy is a parsed Vault ACL policy: its path rules, merged as Vault
// merges them (same path text: union of capabilities, deny wins).
type Policy struct {
	Name  string
	Rules []Rule
	// Templated holds the raw paths that use identity templating
	// ({{identity.entity.id}} ...): they depend on the token's entity and
	// are never matched against, so no grant is guessed from them.
	Templated []string
}

// Rule is one path block.
type Rule struct {
	// Path is the path as Vault stores it: without a leading "/", and for a
	// plain prefix rule without its trailing "*".
	Path string
	// Prefix is true for a rule ending in "*".
	Prefix bool
	// Segment is true for a rule with a "+" segment; Vault keeps such a
	// rule's trailing "*" in Path.
	Segment bool
	// Caps are the capabilities, sorted; ["deny"] alone when denied.
	Caps []string
	// Line is the line of the path block.
	Line int
}

// PolicyError is a policy that Vault would refuse, with the position.
type PolicyError struct {
	Line, Column int
	Msg          string
}

func (e *PolicyError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return e.Msg
}

var validCaps = map[string]bool{"create": true, "read": true, "update": true, "delete": true,
	"list": true, "sudo": true, "patch": true, "subscribe": true, "deny": true}

// legacyPolicy maps the old `policy = "..."` field to capabilities.
var legacyPolicy = map[string][]string{
	"deny":  {"deny"},
	"read":  {"read", "list"},
	"write": {"create", "read", "update", "delete", "list"},
	"sudo":  {"create", "read", "update", "delete", "list", "sudo"},
}

type pathBlock struct {
	Policy       string   `hcl:"policy"`
	Capabilities []string `hcl:"capabilities"`
}

// ParsePolicy parses policy text (HCL or JSON) with the HCL v1 library
// Vault uses, applying Vault's checks: top-level keys name and path only,
// the path block keys Vault knows, no "+*", known capabilities and legacy
// policy words. An error is a *PolicyError with the position when known.
func ParsePolicy(name, text string) (p *Policy, err error) {
	defer func() {
		// hcl v1 has panicked on odd input before; a policy is data, so a
		// panic is one more parse error.
		if r := recover(); r != nil {
			p, err = nil, &PolicyError{Msg: fmt.Sprintf("policy cannot be parsed: %v", r)}
		}
	}()
	root, err := hcl.Parse(text)
	if err != nil {
		var pe *hclparser.PosError
		if errors.As(err, &pe) {
			return nil, &PolicyError{Line: pe.Pos.Line, Column: pe.Pos.Column, Msg: pe.Err.Error()}
		}
		return nil, &PolicyError{Msg: err.Error()}
	}
	list, ok := root.Node.(*ast.ObjectList)
	if !ok {
		return nil, &PolicyError{Msg: "does not contain a root object"}
	}
	if err := checkKeys(list, "name", "path"); err != nil {
		return nil, err
	}
	p = &Policy{Name: name}
	merged := map[[3]string]int{}
	for _, item := range list.Filter("path").Items {
		r, templated, err := parseRule(item)
		if err != nil {
			return nil, err
		}
		if templated {
			p.Templated = append(p.Templated, r.Path)
			continue
		}
		k := [3]string{r.Path, fmt.Sprint(r.Prefix), fmt.Sprint(r.Segment)}
		if i, ok := merged[k]; ok {
			p.Rules[i].Caps = mergeCaps(p.Rules[i].Caps, r.Caps)
			continue
		}
		merged[k] = len(p.Rules)
		p.Rules = append(p.Rules, r)
	}
	return p, nil
}

func parseRule(item *ast.ObjectItem) (Rule, bool, error) {
	pos := item.Pos()
	perr := func(format string, args ...any) error {
		return &PolicyError{Line: pos.Line, Column: pos.Column, Msg: fmt.Sprintf(format, args...)}
	}
	key := "path"
	if len(item.Keys) > 0 {
		if s, ok := item.Keys[0].Token.Value().(string); ok {
			key = s
		}
	}
	if err := checkKeys(item.Val, "comment", "policy", "capabilities", "allowed_parameters",
		"denied_parameters", "required_parameters", "min_wrapping_ttl", "max_wrapping_ttl",
		"mfa_methods", "control_group", "subscribe_event_types"); err != nil {
		var pe *PolicyError
		if errors.As(err, &pe) {
			pe.Msg = fmt.Sprintf("path %q: %s", key, pe.Msg)
		}
		return Rule{}, false, err
	}
	var blk pathBlock
	if err := hcl.DecodeObject(&blk, item.Val); err != nil {
		return Rule{}, false, perr("path %q: %v", key, err)
	}
	r := Rule{Path: strings.TrimPrefix(key, "/"), Line: pos.Line}
	if strings.Contains(r.Path, "+*") {
		return Rule{}, false, perr("path %q: invalid use of wildcards ('+*' is forbidden)", r.Path)
	}
	raw := r.Path
	r.Segment = r.Path == "+" || strings.Contains(r.Path, "/+") || strings.HasPrefix(r.Path, "+/")
	if strings.HasSuffix(r.Path, "*") {
		r.Prefix = true
		if !r.Segment {
			r.Path = strings.TrimSuffix(r.Path, "*")
		}
	}
	caps := blk.Capabilities
	if blk.Policy != "" {
		legacy, ok := legacyPolicy[blk.Policy]
		if !ok {
			return Rule{}, false, perr("path %q: invalid policy %q", key, blk.Policy)
		}
		caps = append(slices.Clone(caps), legacy...)
	}
	for _, c := range caps {
		if !validCaps[c] {
			return Rule{}, false, perr("path %q: invalid capability %q", key, c)
		}
	}
	r.Caps = mergeCaps(nil, caps)
	if strings.Contains(raw, "{{") {
		return Rule{Path: raw, Caps: r.Caps, Line: pos.Line}, true, nil
	}
	return r, false, nil
}

// mergeCaps is the union of a and b, sorted; deny alone when either denies.
func mergeCaps(a, b []string) []string {
	if slices.Contains(a, "deny") || slices.Contains(b, "deny") {
		return []string{"deny"}
	}
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// checkKeys is Vault's hclutil.CheckHCLKeys: every key of node must be one
// of valid.
func checkKeys(node ast.Node, valid ...string) error {
	var list *ast.ObjectList
	switch n := node.(type) {
	case *ast.ObjectList:
		list = n
	case *ast.ObjectType:
		list = n.List
	default:
		return &PolicyError{Msg: fmt.Sprintf("cannot check HCL keys of type %T", n)}
	}
	for _, item := range list.Items {
		if len(item.Keys) == 0 {
			continue
		}
		key, _ := item.Keys[0].Token.Value().(string)
		if !slices.Contains(valid, key) {
			pos := item.Pos()
			return &PolicyError{Line: pos.Line, Column: pos.Column, Msg: fmt.Sprintf("invalid key %q", key)}
		}
	}
	return nil
}
