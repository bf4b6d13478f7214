package vault

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/convene-dev/convene/graph"
)

// readPolicies lists and reads every ACL policy, emits it as a policy node
// with its rules, and keeps the parsed ones for grants. A policy Vault
// holds but convene cannot parse is a diagnostic naming it and the
// position; the others still land.
func (s *scanner) readPolicies(ctx context.Context) {
	const list = "sys/policies/acl"
	names, err := s.c.List(ctx, list)
	if s.failed("LIST", list, err) {
		return
	}
	slices.Sort(names)
	s.policies = make(map[string]bool, len(names))
	s.parsed = make(map[string]*Policy, len(names))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, name := range names {
		s.policies[name] = true
		wg.Go(func() {
			p := list + "/" + name
			s.sem <- struct{}{}
			data, err := s.c.Read(ctx, p)
			<-s.sem
			if s.failed("READ", p, err) {
				return
			}
			pol := s.policy(name, str(data["policy"]), p)
			if pol != nil {
				mu.Lock()
				s.parsed[name] = pol
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// policy emits one policy node and returns it parsed, or nil.
func (s *scanner) policy(name, text, p string) *Policy {
	id := s.prefix + "sys/policies/acl/" + name
	attrs := map[string]string{}
	n := graph.Node{ID: id, Kind: graph.Policy, Type: graph.TypeVaultPolicy, Name: name, Attrs: attrs}
	if name == "root" {
		// root's text is empty: Vault grants its holder everything.
		attrs["root"] = "true"
		s.node(n, p)
		return nil
	}
	pol, err := ParsePolicy(name, text)
	if err != nil {
		line := 0
		var pe *PolicyError
		if errors.As(err, &pe) {
			line = pe.Line
		}
		attrs["parse_error"] = err.Error()
		s.node(n, p)
		s.diag(p, graph.Error, fmt.Sprintf("policy %q cannot be parsed at line %d: %v; its grants are not mapped (fix the policy, or report the text if Vault accepts it)", name, line, err))
		return nil
	}
	type rule struct {
		Path         string   `json:"path"`
		Capabilities []string `json:"capabilities"`
		Line         int      `json:"line"`
	}
	rules := make([]rule, 0, len(pol.Rules))
	for _, r := range pol.Rules {
		path := r.Path
		if r.Prefix && !r.Segment {
			path += "*"
		}
		rules = append(rules, rule{Path: path, Capabilities: r.Caps, Line: r.Line})
	}
	attrs["rules"] = mustJSON(rules)
	if len(pol.Templated) > 0 {
		attrs["templated_paths"] = mustJSON(pol.Templated)
	}
	// Vault's own default policy has templated identity paths in every
	// Vault; warning about them would only be noise.
	if len(pol.Templated) > 0 && name != "default" {
		s.diag(p, graph.Warning, fmt.Sprintf("policy %q has templated paths %v that depend on the token's identity; convene does not guess what they grant", name, pol.Templated))
	}
	s.node(n, p)
	return pol
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called on plain slices and maps of strings
	}
	return string(b)
}
