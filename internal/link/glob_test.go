package link

import (
	"strings"
	"testing"

	"github.com/convene-dev/convene/internal/owners/pathmatch"
)

func TestGlobExpansions(t *testing.T) {
	thirtyStars := "{" + strings.TrimSuffix(strings.Repeat("*,", 30), ",") + "}"
	tests := []struct {
		glob  string
		want  int
		valid bool
	}{
		{"vault:secret/**", 1, true},
		{"{a,b}", 2, true},
		{"{a,b}/{c,d,e}", 6, true},
		{`\{a,b\}`, 1, true},
		{"{a,{b,c}}", 4, true}, // an over-estimate for nesting: safe
		{strings.Repeat(thirtyStars, 4) + "c", 810000, false},
		{strings.Repeat("{a,b}", 4), 16, true},
		{strings.Repeat("{a,b,c}", 4), 81, false},
	}
	for _, tt := range tests {
		got := pathmatch.Expansions(tt.glob)
		if got != tt.want && !(got > pathmatch.MaxExpansions && tt.want > pathmatch.MaxExpansions) {
			t.Errorf("Expansions(%.30q) = %d, want %d", tt.glob, got, tt.want)
		}
		if validGlob(tt.glob) != tt.valid {
			t.Errorf("validGlob(%.30q) = %v, want %v", tt.glob, !tt.valid, tt.valid)
		}
	}
}
