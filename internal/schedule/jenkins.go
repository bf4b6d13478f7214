package schedule

import (
	"crypto/md5"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// hasher picks the value of an H token, as Jenkins' hudson.scheduler.Hash.
type hasher interface {
	next(n int) int
}

// zeroHash is Jenkins' Hash.zero(), used when there is no seed: every H
// takes the lowest value of its range.
type zeroHash struct{}

func (zeroHash) next(int) int { return 0 }

// jenkinsHash is Jenkins' Hash.from(seed): the MD5 of the seed's UTF-8
// bytes, its last 8 bytes XORed onto its first 8, read big-endian as a
// long that seeds java.util.Random; each H draws Random.nextInt(range) in
// the order the tokens are written.
type jenkinsHash struct{ rnd javaRandom }

func newJenkinsHash(seed string) *jenkinsHash {
	d := md5.Sum([]byte(seed))
	for i := 8; i < len(d); i++ {
		d[i%8] ^= d[i]
	}
	var l uint64
	for i := 0; i < 8; i++ {
		l = l<<8 | uint64(d[i])
	}
	return &jenkinsHash{rnd: newJavaRandom(int64(l))}
}

func (h *jenkinsHash) next(n int) int { return int(h.rnd.nextInt(int32(n))) }

// javaRandom is java.util.Random's linear congruential generator, which
// Jenkins' hashing depends on bit for bit.
type javaRandom struct{ seed int64 }

const (
	javaMultiplier = 0x5DEECE66D
	javaMask       = 1<<48 - 1
)

func newJavaRandom(seed int64) javaRandom {
	return javaRandom{seed: (seed ^ javaMultiplier) & javaMask}
}

func (r *javaRandom) nextBits(bits uint) int32 {
	r.seed = (r.seed*javaMultiplier + 0xB) & javaMask
	return int32(r.seed >> (48 - bits))
}

func (r *javaRandom) nextInt(n int32) int32 {
	if n <= 0 {
		return 0
	}
	if n&(-n) == n {
		return int32((int64(n) * int64(r.nextBits(31))) >> 31)
	}
	for {
		bits := r.nextBits(31)
		val := bits % n
		if bits-val+(n-1) >= 0 {
			return val
		}
	}
}

// jenkinsHashBounds are the ranges a bare H draws from: Jenkins limits the
// day of month to 1-28 (valid in every month) and the day of week to 0-6.
var jenkinsHashBounds = [5][2]int{{0, 59}, {0, 23}, {1, 28}, {1, 12}, {0, 6}}

// hashItem expands one Jenkins H item (H, H(a-b), H/s, H(a-b)/s) into the
// hashed, latest and lowest values, as Jenkins' BaseParser.doHash does.
func hashItem(i int, item string, h hasher) (early, late, low string, err error) {
	body, stepText, hasStep := strings.Cut(item, "/")
	s, e := jenkinsHashBounds[i][0], jenkinsHashBounds[i][1]
	if body != "H" {
		inner, ok := strings.CutPrefix(body, "H(")
		inner, ok2 := strings.CutSuffix(inner, ")")
		a, b, ok3 := strings.Cut(inner, "-")
		if !ok || !ok2 || !ok3 {
			return "", "", "", fmt.Errorf("%q: write H, H(a-b), H/step or H(a-b)/step", item)
		}
		if s, err = fieldNumber(i, a); err != nil {
			return "", "", "", err
		}
		if e, err = fieldNumber(i, b); err != nil {
			return "", "", "", err
		}
		if s > e {
			return "", "", "", fmt.Errorf("range %d-%d is reversed", s, e)
		}
	}
	step := 1
	if hasStep {
		if step, err = strconv.Atoi(stepText); err != nil || step < 1 {
			return "", "", "", fmt.Errorf("step %q must be a positive number", stepText)
		}
		if step > e-s+1 {
			return "", "", "", fmt.Errorf("step %d is larger than the range %d-%d", step, s, e)
		}
	}
	if step == 1 {
		v := s + h.next(e-s+1)
		return strconv.Itoa(v), strconv.Itoa(e), strconv.Itoa(s), nil
	}
	start := s + h.next(step)
	return fmt.Sprintf("%d-%d/%d", start, e, step),
		fmt.Sprintf("%d-%d/%d", s+step-1, e, step),
		fmt.Sprintf("%d-%d/%d", s, e, step), nil
}

// fixedRate runs every interval, aligned to multiples of it counted from
// midnight UTC (for intervals that divide a day); the real
// phase depends on when the schedule was created, which Schedule.Phased
// flags.
type fixedRate struct{ every time.Duration }

func (f fixedRate) Next(t time.Time) time.Time {
	n := t.Truncate(f.every).Add(f.every)
	for !n.After(t) {
		n = n.Add(f.every)
	}
	return n
}
