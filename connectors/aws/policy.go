package aws

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/convene-dev/convene/internal/iampolicy"
)

// document is an IAM policy document with its loose JSON shapes made
// regular: Statement, Action, Resource and each principal list may be a
// string, an array or (Statement) one object.
type document struct {
	Statements []statement
}

type statement struct {
	Sid          string
	Effect       string
	Actions      []string
	NotActions   []string
	Resources    []string
	NotResources []string
	// Principals maps the principal type (AWS, Service, Federated,
	// CanonicalUser, or "*" for the bare wildcard) to its values.
	Principals    map[string][]string
	NotPrincipals bool
	// Condition is the raw Condition block; Conditions its parse:
	// operator -> key -> values.
	Condition  json.RawMessage
	Conditions map[string]map[string][]string
}

// parseDocument reads a policy document given as a JSON object or as the
// URL-encoded string the IAM API returns. An empty or null document is an
// empty policy.
func parseDocument(raw json.RawMessage) (document, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return document{}, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return document{}, err
		}
		s, err := parseDocumentText(s)
		if err != nil {
			return document{}, err
		}
		raw = json.RawMessage(s)
	}
	var doc struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return document{}, fmt.Errorf("policy document: %w", err)
	}
	var rawStmts []json.RawMessage
	if st := bytes.TrimSpace(doc.Statement); len(st) > 0 && st[0] == '{' {
		rawStmts = []json.RawMessage{st}
	} else if len(st) > 0 && string(st) != "null" {
		if err := json.Unmarshal(st, &rawStmts); err != nil {
			return document{}, fmt.Errorf("policy Statement: %w", err)
		}
	}
	var out document
	for i, rs := range rawStmts {
		s, err := parseStatement(rs)
		if err != nil {
			return document{}, fmt.Errorf("policy statement %d: %w", i+1, err)
		}
		out.Statements = append(out.Statements, s)
	}
	return out, nil
}

// parseDocumentText decodes a document the IAM API returned URL-encoded
// (RFC 3986: a space is %20, so a literal + stays a +).
func parseDocumentText(s string) (string, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") {
		return s, nil
	}
	u, err := url.PathUnescape(s)
	if err != nil {
		return "", fmt.Errorf("policy document is neither JSON nor URL-encoded JSON: %w", err)
	}
	return u, nil
}

func parseStatement(raw json.RawMessage) (statement, error) {
	var st struct {
		Sid          json.RawMessage
		Effect       string
		Action       stringList
		NotAction    stringList
		Resource     stringList
		NotResource  stringList
		Principal    json.RawMessage
		NotPrincipal json.RawMessage
		Condition    json.RawMessage
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return statement{}, err
	}
	out := statement{
		Effect: st.Effect, Actions: st.Action, NotActions: st.NotAction,
		Resources: st.Resource, NotResources: st.NotResource,
		NotPrincipals: len(st.NotPrincipal) > 0 && string(st.NotPrincipal) != "null",
	}
	_ = json.Unmarshal(st.Sid, &out.Sid) // a numeric or odd Sid is only a label
	if p := bytes.TrimSpace(st.Principal); len(p) > 0 && string(p) != "null" {
		var err error
		if out.Principals, err = parsePrincipals(p); err != nil {
			return statement{}, err
		}
	}
	if c := bytes.TrimSpace(st.Condition); len(c) > 0 && string(c) != "null" {
		var m map[string]map[string]stringList
		if err := json.Unmarshal(c, &m); err != nil {
			return statement{}, fmt.Errorf("Condition: %w", err)
		}
		if len(m) > 0 {
			// Re-encode so the stored form is canonical: keys sorted.
			out.Condition, _ = json.Marshal(m)
			out.Conditions = make(map[string]map[string][]string, len(m))
			for op, kv := range m {
				out.Conditions[op] = make(map[string][]string, len(kv))
				for k, v := range kv {
					out.Conditions[op][k] = v
				}
			}
		}
	}
	return out, nil
}

func parsePrincipals(raw json.RawMessage) (map[string][]string, error) {
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		if s == "*" {
			return map[string][]string{"*": {"*"}}, nil
		}
		return map[string][]string{"AWS": {s}}, nil
	}
	var m map[string]stringList
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("Principal: %w", err)
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out, nil
}

// stringList is a JSON string or array of strings, decoded as the policy
// evaluator decodes it (numbers and booleans kept as written).
type stringList = iampolicy.StringList

// wildMatch matches IAM's wildcards (iampolicy.Match): * any run of
// characters, ? one character; with fold, case is ignored, as it is for
// actions.
func wildMatch(pattern, s string, fold bool) bool { return iampolicy.Match(pattern, s, fold) }

// anyMatch reports whether any pattern matches s.
func anyMatch(patterns []string, s string, fold bool) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return wildMatch(p, s, fold) })
}
