package findings

import "strings"

// compareJoined is strings.Compare(strings.Join(a, " "), strings.Join(b,
// " ")) without building the joined strings: the findings' sort calls it
// for every comparison.
func compareJoined(a, b []string) int {
	var ai, bi int     // the piece each side is in
	var aoff, boff int // the offset in it
	piece := func(s []string, i, off int) (string, bool) {
		if i >= len(s) {
			return "", false
		}
		if off < len(s[i]) {
			return s[i][off:], true
		}
		if i == len(s)-1 {
			return "", false
		}
		return " ", true // the separator after piece i
	}
	for {
		x, okA := piece(a, ai, aoff)
		y, okB := piece(b, bi, boff)
		switch {
		case !okA && !okB:
			return 0
		case !okA:
			return -1
		case !okB:
			return 1
		}
		n := min(len(x), len(y))
		if c := strings.Compare(x[:n], y[:n]); c != 0 {
			return c
		}
		advance := func(s []string, i, off *int) {
			if *off >= len(s[*i]) { // passed the separator
				*i, *off = *i+1, 0
				return
			}
			*off += n
		}
		advance(a, &ai, &aoff)
		advance(b, &bi, &boff)
	}
}
