package duration

import (
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{in: "2w", want: 2 * Week},
		{in: "7d", want: 7 * Day},
		{in: "1d12h", want: 36 * time.Hour},
		{in: "1w2d", want: 9 * Day},
		{in: "90m", want: 90 * time.Minute},
		{in: "36h", want: 36 * time.Hour},
		{in: "1.5h", want: 90 * time.Minute},
		{in: "0.5d", want: 12 * time.Hour},
		{in: "0", want: 0},
		{in: "", bad: true},
		{in: "-2h", bad: true},
		{in: "soon", bad: true},
		{in: "2", bad: true},
		{in: "d", bad: true},
		{in: "2dd", bad: true},
		{in: "1e3d", bad: true},
		{in: "99999999999w", bad: true},
		{in: "2h2d", bad: true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.bad {
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("Parse(%q) = %v, %v; want an error", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{2 * time.Hour, "2h"},
		{90 * time.Minute, "1h30m"},
		{36 * time.Hour, "1d12h"},
		{2 * Week, "14d"},
		{0, "0s"},
		{1500 * time.Millisecond, "1.5s"},
		{5 * time.Minute, "5m"},
	}
	for _, tt := range tests {
		if got := Format(tt.in); got != tt.want {
			t.Errorf("Format(%v) = %q, want %q", tt.in, got, tt.want)
		}
		if back, err := Parse(tt.want); err != nil || back != tt.in {
			t.Errorf("Parse(Format(%v)) = %v, %v", tt.in, back, err)
		}
	}
}

// FuzzParse checks that Parse never panics, never returns a negative
// duration, and that what Format prints, Parse reads back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2w", "7d", "1d12h", "90m", "1.5h", "0", "-1h", "99999999999999w", "1w2d3h4m5s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("Parse(%q) = %v, negative", s, d)
		}
		if back, err := Parse(Format(d)); err != nil || back != d {
			t.Fatalf("Parse(Format(%v)) = %v, %v (from %q)", d, back, err, s)
		}
	})
}
