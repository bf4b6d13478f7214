package iampolicy

import (
	"net/netip"
	"strconv"
	"strings"
)

// Context holds the request's condition keys and their values. Keys are
// case-insensitive, as in IAM. A key missing from the map is unknown: a
// condition on it is "maybe". A key present with no values is known to be
// absent from the request.
type Context map[string][]string

// Get returns the values of key and whether the key is known.
func (c Context) Get(key string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	v, ok := c[strings.ToLower(key)]
	return v, ok
}

// With returns a copy of c with key set to values (nil: known absent).
func (c Context) With(key string, values ...string) Context {
	out := make(Context, len(c)+1)
	for k, v := range c {
		out[k] = v
	}
	out[strings.ToLower(key)] = values
	return out
}

// conditions evaluates a statement's Condition block: every operator and
// every key in it must hold (and), any of a key's values may match (or).
func conditions(block map[string]map[string][]string, ctx Context) Tri {
	result := Yes
	for op, kv := range block {
		for key, want := range kv {
			result = and(result, condition(op, key, want, ctx))
			if result == No {
				return No
			}
		}
	}
	return result
}

// condition evaluates one operator on one key. Unknown operators are
// "maybe": convene does not guess what it does not implement.
func condition(op, key string, want []string, ctx Context) Tri {
	set := ""
	if i := strings.Index(op, ":"); i >= 0 {
		set, op = strings.ToLower(op[:i]), op[i+1:]
	}
	ifExists := strings.HasSuffix(op, "IfExists")
	op = strings.TrimSuffix(op, "IfExists")
	have, known := ctx.Get(key)
	if op == "Null" {
		if !known {
			return Maybe
		}
		return tri(strings.EqualFold(first(want), "true") == (len(have) == 0))
	}
	cmp, negated, ok := comparator(op)
	if !ok {
		return Maybe
	}
	if !known {
		return Maybe
	}
	if len(have) == 0 {
		switch {
		case ifExists, set == "forallvalues":
			return Yes
		case set == "foranyvalue":
			return No
		}
		return tri(negated) // a negated operator matches a missing key
	}
	anyMatch := func(v string) bool {
		for _, w := range want {
			if sub, _ := substitute(w, ctx); cmp(sub, v) {
				return true
			}
		}
		return false
	}
	var matched bool
	if set == "forallvalues" {
		// Every value of the request must be in the set, or with a
		// negated operator, every value must be outside it.
		for _, v := range have {
			if anyMatch(v) == negated {
				return No
			}
		}
		return Yes
	}
	for _, v := range have { // ForAnyValue, or a single-valued key
		if anyMatch(v) {
			matched = true
		}
	}
	return tri(matched != negated)
}

// comparator returns the positive comparison of op and whether op negates
// it.
func comparator(op string) (func(want, have string) bool, bool, bool) {
	switch op {
	case "StringEquals", "ArnEquals":
		return func(w, h string) bool { return w == h }, false, true
	case "StringNotEquals", "ArnNotEquals":
		return func(w, h string) bool { return w == h }, true, true
	case "StringEqualsIgnoreCase":
		return strings.EqualFold, false, true
	case "StringNotEqualsIgnoreCase":
		return strings.EqualFold, true, true
	case "StringLike", "ArnLike":
		return func(w, h string) bool { return Match(w, h, false) }, false, true
	case "StringNotLike", "ArnNotLike":
		return func(w, h string) bool { return Match(w, h, false) }, true, true
	case "Bool":
		return strings.EqualFold, false, true
	case "IpAddress":
		return ipIn, false, true
	case "NotIpAddress":
		return ipIn, true, true
	case "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
		"NumericGreaterThan", "NumericGreaterThanEquals":
		return numeric(op)
	}
	return nil, false, false
}

func numeric(op string) (func(want, have string) bool, bool, bool) {
	test := map[string]func(h, w float64) bool{
		"NumericEquals":            func(h, w float64) bool { return h == w },
		"NumericNotEquals":         func(h, w float64) bool { return h == w },
		"NumericLessThan":          func(h, w float64) bool { return h < w },
		"NumericLessThanEquals":    func(h, w float64) bool { return h <= w },
		"NumericGreaterThan":       func(h, w float64) bool { return h > w },
		"NumericGreaterThanEquals": func(h, w float64) bool { return h >= w },
	}[op]
	return func(w, h string) bool {
		wf, err1 := strconv.ParseFloat(w, 64)
		hf, err2 := strconv.ParseFloat(h, 64)
		return err1 == nil && err2 == nil && test(hf, wf)
	}, op == "NumericNotEquals", true
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// ipIn reports whether the address have lies in the CIDR (or address) want.
func ipIn(want, have string) bool {
	addr, err := netip.ParseAddr(have)
	if err != nil {
		return false
	}
	if pfx, err := netip.ParsePrefix(want); err == nil {
		return pfx.Contains(addr)
	}
	w, err := netip.ParseAddr(want)
	return err == nil && w == addr
}
