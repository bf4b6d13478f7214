// Package iampolicy evaluates AWS IAM policy documents: for a principal's
// identity policies, permissions boundary, service control policies and a
// resource's policy, whether an action on a resource is allowed, denied
// explicitly or denied by default, following AWS's documented policy
// evaluation logic within one account.
//
// Where the answer depends on request context convene cannot know (a
// condition key absent from the Request's Context, a policy variable with no
// value), the statement is "maybe" and a Decision says so in Conditional
// rather than guessing.
package iampolicy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Policy is a parsed policy document.
type Policy struct {
	// Version is the policy language version as written ("2012-10-17"),
	// empty when the document has none or gives it as other than a string.
	Version    string
	Statements []Statement
}

// Statement is one statement, its loose JSON shapes made regular.
type Statement struct {
	Sid         string
	Effect      string // "Allow" or "Deny", as written
	Action      []string
	NotAction   []string
	Resource    []string
	NotResource []string
	// Principal and NotPrincipal map the principal type (AWS, Service,
	// Federated, CanonicalUser, or "*" for the bare wildcard) to values.
	// A NotPrincipal written with no entries is an empty, non-nil map.
	Principal    map[string][]string
	NotPrincipal map[string][]string
	// Condition maps an operator, as written, to condition keys and values;
	// an operator written as null maps to nil.
	Condition map[string]map[string][]string
}

// Parse reads a policy document given as a JSON object, or as the
// URL-encoded text the IAM API returns, or as a JSON string holding either
// (see Text). An empty document is an empty policy.
func Parse(data []byte) (Policy, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return Policy{}, nil
	}
	data, err := Text(data)
	if err != nil {
		return Policy{}, err
	}
	var doc struct {
		Version   label
		Statement json.RawMessage
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return Policy{}, fmt.Errorf("policy document: a JSON object was expected, got %s", te.Value)
		}
		return Policy{}, fmt.Errorf("policy document: %w", err)
	}
	var raws []json.RawMessage
	switch st := bytes.TrimSpace(doc.Statement); {
	case len(st) == 0 || string(st) == "null":
	case st[0] == '{':
		raws = []json.RawMessage{st}
	default:
		if err := json.Unmarshal(st, &raws); err != nil {
			return Policy{}, fmt.Errorf("policy Statement: %w", err)
		}
	}
	p := Policy{Version: string(doc.Version)}
	for i, raw := range raws {
		s, err := parseStatement(raw)
		if err != nil {
			return Policy{}, fmt.Errorf("policy statement %d: %w", i+1, err)
		}
		p.Statements = append(p.Statements, s)
	}
	return p, nil
}

// ConditionText is the statement's Condition block as compact JSON with
// its keys sorted and every value a list of strings, so that two documents
// saying the same thing give the same text; empty when there is none.
func (st Statement) ConditionText() string {
	if len(st.Condition) == 0 {
		return ""
	}
	b, err := json.Marshal(st.Condition)
	if err != nil {
		return "" // maps of strings always encode
	}
	return string(b)
}

// MustParse is Parse for documents known to be valid, as in tests; it
// panics on an error.
func MustParse(doc string) Policy {
	p, err := Parse([]byte(doc))
	if err != nil {
		panic(err)
	}
	return p
}

func parseStatement(raw json.RawMessage) (Statement, error) {
	var st struct {
		Sid          label
		Effect       string
		Action       list
		NotAction    list
		Resource     list
		NotResource  list
		Principal    json.RawMessage
		NotPrincipal json.RawMessage
		Condition    json.RawMessage
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return Statement{}, err
	}
	if !strings.EqualFold(st.Effect, "Allow") && !strings.EqualFold(st.Effect, "Deny") {
		return Statement{}, fmt.Errorf("Effect %q is neither Allow nor Deny", st.Effect)
	}
	out := Statement{Sid: string(st.Sid), Effect: st.Effect, Action: st.Action, NotAction: st.NotAction,
		Resource: st.Resource, NotResource: st.NotResource}
	var err error
	if out.Principal, err = principals(st.Principal); err != nil {
		return Statement{}, fmt.Errorf("Principal: %w", err)
	}
	if out.NotPrincipal, err = principals(st.NotPrincipal); err != nil {
		return Statement{}, fmt.Errorf("NotPrincipal: %w", err)
	}
	if out.Condition, err = conditionBlock(st.Condition); err != nil {
		return Statement{}, fmt.Errorf("Condition: %w", err)
	}
	return out, nil
}

// conditionBlock reads a Condition element: operator -> key -> values.
// An empty block is none.
func conditionBlock(raw json.RawMessage) (map[string]map[string][]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var block map[string]map[string]list
	if err := json.Unmarshal(raw, &block); err != nil {
		return nil, err
	}
	if len(block) == 0 {
		return nil, nil
	}
	out := make(map[string]map[string][]string, len(block))
	for op, kv := range block {
		if kv == nil {
			out[op] = nil
			continue
		}
		m := make(map[string][]string, len(kv))
		for k, v := range kv {
			m[k] = v
		}
		out[op] = m
	}
	return out, nil
}

func principals(raw json.RawMessage) (map[string][]string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
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
	var m map[string]list
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out, nil
}

// list is a JSON string or array of strings; numbers and booleans, which
// conditions allow, are kept as their text.
type list []string

// StringList is a policy field that AWS writes as one string or a list of
// them (Action, Resource, a condition's values); the connectors decode
// policy documents with it too.
type StringList = list

// UnmarshalJSON implements json.Unmarshaler.
func (l *list) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		*l = nil
		return nil
	}
	if data[0] != '[' {
		s, err := scalar(data)
		*l = list{s}
		return err
	}
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return err
	}
	out := make(list, 0, len(items))
	for _, it := range items {
		s, err := scalar(it)
		if err != nil {
			return err
		}
		out = append(out, s)
	}
	*l = out
	return nil
}

func scalar(data json.RawMessage) (string, error) {
	if len(data) > 0 && data[0] == '"' {
		var s string
		err := json.Unmarshal(data, &s)
		return s, err
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return "", err
	}
	switch v.(type) {
	case map[string]any, []any:
		return "", fmt.Errorf("expected a string, got %s", data)
	}
	return string(bytes.TrimSpace(data)), nil
}
