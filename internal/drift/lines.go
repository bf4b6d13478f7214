package drift

import "encoding/json"

// withoutLines returns an attribute value as drift compares it: a JSON
// object or list has every member named "line" removed, at any depth, and
// is written back in a canonical form; any other value is returned as is.
// Connectors record where a rule or an inline value was written beside what
// it says (docs/graph-format.md); only what it says is state.
func withoutLines(v string) string {
	if v == "" || v[0] != '[' && v[0] != '{' {
		return v
	}
	var x any
	if err := json.Unmarshal([]byte(v), &x); err != nil {
		return v
	}
	data, err := json.Marshal(dropLines(x))
	if err != nil {
		return v
	}
	return string(data)
}

func dropLines(x any) any {
	switch t := x.(type) {
	case map[string]any:
		delete(t, "line")
		for k, v := range t {
			t[k] = dropLines(v)
		}
	case []any:
		for i, v := range t {
			t[i] = dropLines(v)
		}
	}
	return x
}
