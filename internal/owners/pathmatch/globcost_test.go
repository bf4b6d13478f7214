package pathmatch

import (
	"strings"
	"testing"
)

func TestGlobExpansions(t *testing.T) {
	thirtyStars := "{" + strings.TrimSuffix(strings.Repeat("*,", 30), ",") + "}"
	tests := []struct {
		glob string
		want int
	}{
		{"vault:secret/**", 1},
		{"{a,b}", 2},
		{"{a,b}/{c,d,e}", 6},
		{`\{a,b\}`, 1},
		{"{a,{b,c}}", 4}, // an over-estimate for nesting: safe
		{strings.Repeat(thirtyStars, 4) + "c", 810000},
		{strings.Repeat("{a,b}", 4), 16},
		{strings.Repeat("{a,b,c}", 4), 81},
	}
	for _, tt := range tests {
		got := Expansions(tt.glob)
		if got != tt.want && !(got > MaxExpansions && tt.want > MaxExpansions) {
			t.Errorf("Expansions(%.30q) = %d, want %d", tt.glob, got, tt.want)
		}
	}
}
