package jsonpos

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestLine(t *testing.T) {
	tests := []struct {
		name, data string
		want       int
	}{
		{"syntax on line 3", "{\n  \"a\": 1,\n  \"b\": ]\n}", 3},
		{"type on line 2", "{\n  \"n\": \"x\"\n}", 2},
		{"truncated", "{\n  \"a\": [1,\n", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v struct{ N int }
			err := json.Unmarshal([]byte(tc.data), &v)
			if err == nil {
				t.Fatal("no error")
			}
			if got := Line([]byte(tc.data), err); got != tc.want {
				t.Errorf("Line = %d, want %d (%v)", got, tc.want, err)
			}
		})
	}
	if got := Line(nil, errors.New("other")); got != 0 {
		t.Errorf("Line of an error with no offset = %d, want 0", got)
	}
}
